ALTER TYPE "public"."ingest_source_kind" ADD VALUE 'provider_spec';--> statement-breakpoint
CREATE TABLE "provider_specs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"base_paths" text[] DEFAULT '{}' NOT NULL,
	"operations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"ingested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ingest_run_id" uuid
);
--> statement-breakpoint
ALTER TABLE "provider_specs" ADD CONSTRAINT "provider_specs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_specs" ADD CONSTRAINT "provider_specs_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_specs_provider_uq" ON "provider_specs" USING btree ("provider_id");--> statement-breakpoint
CREATE INDEX "provider_specs_run_idx" ON "provider_specs" USING btree ("ingest_run_id");