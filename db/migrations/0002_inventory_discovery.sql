CREATE TABLE "pull_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" "ingest_source_kind" NOT NULL,
	"url" text NOT NULL,
	"application_id" uuid,
	"api_name" text,
	"interval_minutes" integer DEFAULT 1440 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"etag" text,
	"last_modified" text,
	"last_pulled_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"last_run_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sbom_components" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"purl" text NOT NULL,
	"name" text NOT NULL,
	"group_name" text,
	"version" text,
	"ecosystem" text,
	"provider_id" uuid,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ingest_run_id" uuid
);
--> statement-breakpoint
CREATE TABLE "sbom_vulnerabilities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"vuln_id" text NOT NULL,
	"component_purl" text,
	"source" text,
	"ratings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"description" text,
	"ingest_run_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "traffic_fingerprints" (
	"fingerprint" bigint PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dependencies" DROP CONSTRAINT "dependencies_target_ck";--> statement-breakpoint
DROP INDEX "endpoints_api_method_path_uq";--> statement-breakpoint
DROP INDEX "dependencies_edge_uq";--> statement-breakpoint
ALTER TABLE "endpoints" ALTER COLUMN "api_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "hosts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "target_application_id" uuid;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "data_locations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "error_count" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "latency_ms_sum" real DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "latency_samples" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "sdk_purl" text;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "application_id" uuid;--> statement-breakpoint
UPDATE "endpoints" SET "application_id" = "internal_apis"."application_id" FROM "internal_apis" WHERE "internal_apis"."id" = "endpoints"."api_id";--> statement-breakpoint
ALTER TABLE "endpoints" ALTER COLUMN "application_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "path_documented" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "status_rule" text;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "samples" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "inference_reasons" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "endpoints" ADD COLUMN "spec_version" text;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "trigger" text DEFAULT 'cli' NOT NULL;--> statement-breakpoint
ALTER TABLE "ingest_runs" ADD COLUMN "byte_size" bigint;--> statement-breakpoint
ALTER TABLE "pull_sources" ADD CONSTRAINT "pull_sources_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_sources" ADD CONSTRAINT "pull_sources_last_run_id_ingest_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pull_sources" ADD CONSTRAINT "pull_sources_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_components" ADD CONSTRAINT "sbom_components_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_components" ADD CONSTRAINT "sbom_components_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_components" ADD CONSTRAINT "sbom_components_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_vulnerabilities" ADD CONSTRAINT "sbom_vulnerabilities_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sbom_vulnerabilities" ADD CONSTRAINT "sbom_vulnerabilities_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "public"."ingest_runs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traffic_fingerprints" ADD CONSTRAINT "traffic_fingerprints_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pull_sources_kind_url_app_uq" ON "pull_sources" USING btree ("kind","url",coalesce("application_id"::text, ''));--> statement-breakpoint
CREATE UNIQUE INDEX "sbom_components_app_purl_uq" ON "sbom_components" USING btree ("application_id","purl");--> statement-breakpoint
CREATE INDEX "sbom_components_provider_idx" ON "sbom_components" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sbom_vulns_app_vuln_purl_uq" ON "sbom_vulnerabilities" USING btree ("application_id","vuln_id",coalesce("component_purl", ''));--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_target_application_id_applications_id_fk" FOREIGN KEY ("target_application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "endpoints" ADD CONSTRAINT "endpoints_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "endpoints_app_api_method_path_uq" ON "endpoints" USING btree ("application_id",coalesce("api_id"::text, ''),"method","path_template");--> statement-breakpoint
CREATE INDEX "endpoints_api_idx" ON "endpoints" USING btree ("api_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dependencies_edge_uq" ON "dependencies" USING btree ("application_id","source","target_kind",coalesce("host", ''),coalesce("provider_id"::text, ''),coalesce("internal_api_id"::text, ''),coalesce("target_application_id"::text, ''));--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_target_ck" CHECK (("dependencies"."target_kind" = 'provider' and "dependencies"."provider_id" is not null) or ("dependencies"."target_kind" = 'internal_api' and ("dependencies"."internal_api_id" is not null or "dependencies"."target_application_id" is not null)) or ("dependencies"."target_kind" = 'unclassified' and "dependencies"."host" is not null));