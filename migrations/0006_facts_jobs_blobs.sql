CREATE TABLE "image_blobs" (
	"content_hash" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"byte_size" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_workers" (
	"worker_id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "protocol_configs" (
	"id" serial PRIMARY KEY NOT NULL,
	"protocol" text NOT NULL,
	"protocol_version" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "protocol_configs_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "model_version_id" integer;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "protocol_config_id" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "protocol_config_id" integer;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "scope_key" text;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_protocol_config_id_protocol_configs_id_fk" FOREIGN KEY ("protocol_config_id") REFERENCES "public"."protocol_configs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_protocol_config_id_protocol_configs_id_fk" FOREIGN KEY ("protocol_config_id") REFERENCES "public"."protocol_configs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "predictions_fact_uq" ON "predictions" USING btree ("model_version_id","protocol_config_id","question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "runs_evaluate_scope_uq" ON "runs" USING btree ("model_version_id","benchmark_revision_id","scope_key") WHERE "runs"."scope_key" is not null;--> statement-breakpoint
CREATE INDEX "runs_fact_key_idx" ON "runs" USING btree ("model_version_id","protocol_config_id");