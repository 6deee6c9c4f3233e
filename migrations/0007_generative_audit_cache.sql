CREATE TABLE "generative_responses" (
	"key" text PRIMARY KEY NOT NULL,
	"model_version_id" integer,
	"parameters_hash" text NOT NULL,
	"prompt_hash" text NOT NULL,
	"image_sha256" text NOT NULL,
	"text" text NOT NULL,
	"finish_reason" text,
	"request_id" text,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "retryable" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "request_id" text;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "prompt_tokens" integer;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "completion_tokens" integer;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "latency_ms" integer;--> statement-breakpoint
ALTER TABLE "predictions" ADD COLUMN "cached" boolean;--> statement-breakpoint
ALTER TABLE "generative_responses" ADD CONSTRAINT "generative_responses_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generative_responses_version_idx" ON "generative_responses" USING btree ("model_version_id");