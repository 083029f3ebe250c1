CREATE TABLE "epss_scores" (
	"cve_id" text PRIMARY KEY NOT NULL,
	"epss" real NOT NULL,
	"percentile" real NOT NULL,
	"score_date" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"occurred_on" text NOT NULL,
	"severity" text NOT NULL,
	"breach" boolean DEFAULT false NOT NULL,
	"description" text NOT NULL,
	"source_url" text,
	"recorded_by_id" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_severity_ck" CHECK ("incidents"."severity" in ('critical', 'high', 'medium', 'low'))
);
--> statement-breakpoint
CREATE TABLE "kev_entries" (
	"cve_id" text PRIMARY KEY NOT NULL,
	"date_added" text NOT NULL,
	"vendor_project" text,
	"product" text,
	"known_ransomware_campaign_use" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vuln_advisories" (
	"id" text NOT NULL,
	"source" text NOT NULL,
	"ecosystem" text NOT NULL,
	"package_name" text NOT NULL,
	"vulnerable_range" text NOT NULL,
	"patched_range" text,
	"aliases" text[] DEFAULT '{}'::text[] NOT NULL,
	"cvss_vector" text,
	"cvss_score" real,
	"severity" text,
	"title" text NOT NULL,
	"published" text,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incidents_provider_idx" ON "incidents" USING btree ("provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vuln_advisories_key_uq" ON "vuln_advisories" USING btree ("source","id","ecosystem","package_name","vulnerable_range");--> statement-breakpoint
CREATE INDEX "vuln_advisories_pkg_idx" ON "vuln_advisories" USING btree ("ecosystem","package_name");