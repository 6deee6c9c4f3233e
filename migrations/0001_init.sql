CREATE TABLE "benchmark_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"benchmark_id" integer NOT NULL,
	"revision" text NOT NULL,
	"config" text,
	"location" text,
	"status" text DEFAULT 'importing' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_imported" integer DEFAULT 0 NOT NULL,
	"rows_skipped" integer DEFAULT 0 NOT NULL,
	"corrections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"imported_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "benchmarks" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "benchmarks_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"revision_id" integer NOT NULL,
	"file" text NOT NULL,
	"batch_index" integer NOT NULL,
	"rows_read" integer NOT NULL,
	"rows_imported" integer NOT NULL,
	"rows_skipped" integer NOT NULL,
	"committed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"revision_id" integer NOT NULL,
	"file" text NOT NULL,
	"row" integer NOT NULL,
	"source_image_id" text,
	"severity" text NOT NULL,
	"code" text NOT NULL,
	"field" text,
	"message" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domains" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "domains_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "image_set_source_datasets" (
	"image_set_id" integer NOT NULL,
	"source_dataset_id" integer NOT NULL,
	CONSTRAINT "image_set_source_datasets_image_set_id_source_dataset_id_pk" PRIMARY KEY("image_set_id","source_dataset_id")
);
--> statement-breakpoint
CREATE TABLE "image_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	CONSTRAINT "image_sets_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "modalities" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "modalities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "organisms" (
	"id" serial PRIMARY KEY NOT NULL,
	"ncbitaxon_id" text NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "organisms_ncbitaxon_id_unique" UNIQUE("ncbitaxon_id"),
	CONSTRAINT "organisms_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "scales" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "scales_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "source_datasets" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"pmid" text,
	"institutions" text[] DEFAULT '{}' NOT NULL,
	"license" text,
	"task_id" integer,
	"scale_id" integer,
	CONSTRAINT "source_datasets_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "stains" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "stains_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "subdomains" (
	"id" serial PRIMARY KEY NOT NULL,
	"domain_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "subdomains_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "submodalities" (
	"id" serial PRIMARY KEY NOT NULL,
	"modality_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "submodalities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"taxonomy_group_id" integer,
	"classes" text[] DEFAULT '{}' NOT NULL,
	CONSTRAINT "tasks_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "taxonomy_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	CONSTRAINT "taxonomy_groups_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "images" (
	"id" serial PRIMARY KEY NOT NULL,
	"benchmark_id" integer NOT NULL,
	"revision_id" integer NOT NULL,
	"source_image_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"byte_size" integer NOT NULL,
	"mime_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"channels" integer NOT NULL,
	"bit_depth" integer NOT NULL,
	"microns_per_pixel" real,
	"label_names" text[] NOT NULL,
	"label_index" integer,
	"normal_abnormal" text,
	"synthetic" boolean NOT NULL,
	"license" text,
	"institutions" text[] DEFAULT '{}' NOT NULL,
	"pmid" text,
	"split" text NOT NULL,
	"domain_id" integer,
	"subdomain_id" integer,
	"modality_id" integer,
	"submodality_id" integer,
	"stain_id" integer,
	"organism_id" integer,
	"scale_id" integer,
	"source_dataset_id" integer,
	"bbox" jsonb,
	"polygon" jsonb,
	"source_file" text NOT NULL,
	"source_row" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"image_id" integer NOT NULL,
	"key" text NOT NULL,
	"source_question_id" text,
	"type" text NOT NULL,
	"protocol" text NOT NULL,
	"template" integer,
	"name" text,
	"text" text NOT NULL,
	"options" text[] NOT NULL,
	"answer_index" integer NOT NULL,
	"answer" text
);
--> statement-breakpoint
CREATE TABLE "model_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"weights_hash" text NOT NULL,
	"preprocessing_hash" text DEFAULT '' NOT NULL,
	"preprocessing" jsonb,
	"dimensions" integer,
	"path" text,
	"config" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "predictions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"chosen_index" integer,
	"raw_output" text,
	"scores" real[],
	"is_correct" boolean,
	"status" text DEFAULT 'ok' NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_id" integer NOT NULL,
	"model_version_id" integer,
	"benchmark_revision_id" integer NOT NULL,
	"protocol" text NOT NULL,
	"protocol_version" text NOT NULL,
	"template" integer,
	"prompt_template" text,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "image_embeddings" (
	"image_id" integer NOT NULL,
	"model_version_id" integer NOT NULL,
	"dimensions" integer NOT NULL,
	"embedding" vector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "image_embeddings_image_id_model_version_id_pk" PRIMARY KEY("image_id","model_version_id")
);
--> statement-breakpoint
CREATE TABLE "text_embeddings" (
	"id" serial PRIMARY KEY NOT NULL,
	"model_version_id" integer NOT NULL,
	"text_hash" text NOT NULL,
	"text" text NOT NULL,
	"dimensions" integer NOT NULL,
	"embedding" vector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "reference_results" (
	"id" serial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"model" text NOT NULL,
	"split" text NOT NULL,
	"accuracy" real NOT NULL,
	"plus_minus" real NOT NULL,
	"rank" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_counts" (
	"run_id" integer NOT NULL,
	"cell_key" text NOT NULL,
	"question_type" text NOT NULL,
	"gold" text,
	"domain_id" integer,
	"subdomain_id" integer,
	"modality_id" integer,
	"submodality_id" integer,
	"stain_id" integer,
	"organism_id" integer,
	"scale_id" integer,
	"source_dataset_id" integer,
	"label_names" text[] NOT NULL,
	"normal_abnormal" text,
	"synthetic" boolean NOT NULL,
	"license" text,
	"n" integer NOT NULL,
	"correct" integer NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "result_counts_run_id_cell_key_pk" PRIMARY KEY("run_id","cell_key")
);
--> statement-breakpoint
ALTER TABLE "benchmark_revisions" ADD CONSTRAINT "benchmark_revisions_benchmark_id_benchmarks_id_fk" FOREIGN KEY ("benchmark_id") REFERENCES "public"."benchmarks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_revision_id_benchmark_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."benchmark_revisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_issues" ADD CONSTRAINT "import_issues_revision_id_benchmark_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."benchmark_revisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_set_source_datasets" ADD CONSTRAINT "image_set_source_datasets_image_set_id_image_sets_id_fk" FOREIGN KEY ("image_set_id") REFERENCES "public"."image_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_set_source_datasets" ADD CONSTRAINT "image_set_source_datasets_source_dataset_id_source_datasets_id_fk" FOREIGN KEY ("source_dataset_id") REFERENCES "public"."source_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_datasets" ADD CONSTRAINT "source_datasets_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source_datasets" ADD CONSTRAINT "source_datasets_scale_id_scales_id_fk" FOREIGN KEY ("scale_id") REFERENCES "public"."scales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subdomains" ADD CONSTRAINT "subdomains_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submodalities" ADD CONSTRAINT "submodalities_modality_id_modalities_id_fk" FOREIGN KEY ("modality_id") REFERENCES "public"."modalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_taxonomy_group_id_taxonomy_groups_id_fk" FOREIGN KEY ("taxonomy_group_id") REFERENCES "public"."taxonomy_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_benchmark_id_benchmarks_id_fk" FOREIGN KEY ("benchmark_id") REFERENCES "public"."benchmarks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_revision_id_benchmark_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."benchmark_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_subdomain_id_subdomains_id_fk" FOREIGN KEY ("subdomain_id") REFERENCES "public"."subdomains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_modality_id_modalities_id_fk" FOREIGN KEY ("modality_id") REFERENCES "public"."modalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_submodality_id_submodalities_id_fk" FOREIGN KEY ("submodality_id") REFERENCES "public"."submodalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_stain_id_stains_id_fk" FOREIGN KEY ("stain_id") REFERENCES "public"."stains"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_organism_id_organisms_id_fk" FOREIGN KEY ("organism_id") REFERENCES "public"."organisms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_scale_id_scales_id_fk" FOREIGN KEY ("scale_id") REFERENCES "public"."scales"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_source_dataset_id_source_datasets_id_fk" FOREIGN KEY ("source_dataset_id") REFERENCES "public"."source_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_model_id_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_benchmark_revision_id_benchmark_revisions_id_fk" FOREIGN KEY ("benchmark_revision_id") REFERENCES "public"."benchmark_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_embeddings" ADD CONSTRAINT "image_embeddings_image_id_images_id_fk" FOREIGN KEY ("image_id") REFERENCES "public"."images"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "image_embeddings" ADD CONSTRAINT "image_embeddings_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "text_embeddings" ADD CONSTRAINT "text_embeddings_model_version_id_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."model_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_counts" ADD CONSTRAINT "result_counts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "benchmark_revisions_benchmark_revision_uq" ON "benchmark_revisions" USING btree ("benchmark_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "import_batches_uq" ON "import_batches" USING btree ("revision_id","file","batch_index");--> statement-breakpoint
CREATE UNIQUE INDEX "import_issues_uq" ON "import_issues" USING btree ("revision_id","file","row","code");--> statement-breakpoint
CREATE INDEX "import_issues_revision_idx" ON "import_issues" USING btree ("revision_id");--> statement-breakpoint
CREATE INDEX "source_datasets_task_idx" ON "source_datasets" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "subdomains_domain_idx" ON "subdomains" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "submodalities_modality_idx" ON "submodalities" USING btree ("modality_id");--> statement-breakpoint
CREATE INDEX "tasks_group_idx" ON "tasks" USING btree ("taxonomy_group_id");--> statement-breakpoint
CREATE UNIQUE INDEX "images_benchmark_source_uq" ON "images" USING btree ("benchmark_id","source_image_id");--> statement-breakpoint
CREATE INDEX "images_content_hash_idx" ON "images" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "images_domain_idx" ON "images" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "images_subdomain_idx" ON "images" USING btree ("subdomain_id");--> statement-breakpoint
CREATE INDEX "images_modality_idx" ON "images" USING btree ("modality_id");--> statement-breakpoint
CREATE INDEX "images_submodality_idx" ON "images" USING btree ("submodality_id");--> statement-breakpoint
CREATE INDEX "images_stain_idx" ON "images" USING btree ("stain_id");--> statement-breakpoint
CREATE INDEX "images_organism_idx" ON "images" USING btree ("organism_id");--> statement-breakpoint
CREATE INDEX "images_scale_idx" ON "images" USING btree ("scale_id");--> statement-breakpoint
CREATE INDEX "images_source_dataset_idx" ON "images" USING btree ("source_dataset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "questions_image_key_uq" ON "questions" USING btree ("image_id","key");--> statement-breakpoint
CREATE INDEX "questions_type_protocol_idx" ON "questions" USING btree ("type","protocol","template");--> statement-breakpoint
CREATE UNIQUE INDEX "model_versions_uq" ON "model_versions" USING btree ("model_id","weights_hash","preprocessing_hash");--> statement-breakpoint
CREATE INDEX "model_versions_model_idx" ON "model_versions" USING btree ("model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "predictions_run_question_uq" ON "predictions" USING btree ("run_id","question_id");--> statement-breakpoint
CREATE INDEX "predictions_question_idx" ON "predictions" USING btree ("question_id");--> statement-breakpoint
CREATE INDEX "runs_model_idx" ON "runs" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "runs_revision_idx" ON "runs" USING btree ("benchmark_revision_id");--> statement-breakpoint
CREATE INDEX "image_embeddings_model_idx" ON "image_embeddings" USING btree ("model_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "text_embeddings_uq" ON "text_embeddings" USING btree ("model_version_id","text_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "reference_results_uq" ON "reference_results" USING btree ("source","model","split");--> statement-breakpoint
CREATE INDEX "result_counts_cell_idx" ON "result_counts" USING btree ("cell_key");