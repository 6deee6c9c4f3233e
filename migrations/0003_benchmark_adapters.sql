CREATE TABLE "taxonomy_aliases" (
	"revision_id" integer NOT NULL,
	"axis" text NOT NULL,
	"alias" text NOT NULL,
	"value_id" integer NOT NULL,
	"rows" integer NOT NULL,
	CONSTRAINT "taxonomy_aliases_revision_id_axis_alias_pk" PRIMARY KEY("revision_id","axis","alias")
);
--> statement-breakpoint
ALTER TABLE "benchmarks" ADD COLUMN "adapter" text DEFAULT 'ubench' NOT NULL;--> statement-breakpoint
ALTER TABLE "reference_results" ADD COLUMN "version" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "taxonomy_aliases" ADD CONSTRAINT "taxonomy_aliases_revision_id_benchmark_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."benchmark_revisions"("id") ON DELETE cascade ON UPDATE no action;