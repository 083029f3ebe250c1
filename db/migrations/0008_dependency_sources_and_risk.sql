CREATE TABLE "application_risk_daily" (
	"application_id" uuid NOT NULL,
	"day" date NOT NULL,
	"risk" real NOT NULL,
	"band" text NOT NULL,
	"dependencies" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "application_risk_daily_application_id_day_pk" PRIMARY KEY("application_id","day")
);
--> statement-breakpoint
CREATE TABLE "portfolio_risk_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"applications" integer NOT NULL,
	"mean_risk" real NOT NULL,
	"worst_risk" real NOT NULL,
	"mean_dependency_risk" real NOT NULL,
	"bands" jsonb NOT NULL,
	"application_bands" jsonb NOT NULL,
	"heat" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "sources" "dependency_source"[] DEFAULT '{}'::dependency_source[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "hosts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "source_evidence" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "narrowed_data_classes" text[];--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "narrowed_by_id" uuid;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "narrowed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "narrow_justification" text;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "risk" real;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "risk_band" text;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "likelihood" smallint;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "impact" smallint;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "risk_explanation" jsonb;--> statement-breakpoint
ALTER TABLE "dependencies" ADD COLUMN "risk_computed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "application_risk_daily" ADD CONSTRAINT "application_risk_daily_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "application_risk_daily_day_idx" ON "application_risk_daily" USING btree ("day");--> statement-breakpoint
ALTER TABLE "dependencies" ADD CONSTRAINT "dependencies_narrowed_by_id_users_id_fk" FOREIGN KEY ("narrowed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dependencies_risk_idx" ON "dependencies" USING btree ("risk");--> statement-breakpoint
-- Every existing edge records its one source as a set, with that source's evidence.
UPDATE "dependencies" SET
  "sources" = ARRAY["source"],
  "hosts" = CASE WHEN "host" IS NULL THEN '{}'::text[] ELSE ARRAY["host"] END,
  "source_evidence" = jsonb_build_object("source"::text, jsonb_strip_nulls(jsonb_build_object(
    'calls', "call_count",
    'hosts', CASE WHEN "host" IS NULL THEN NULL ELSE jsonb_build_array("host") END,
    'purls', CASE WHEN "sdk_purl" IS NULL THEN NULL ELSE jsonb_build_array("sdk_purl") END,
    'firstSeenAt', "first_seen_at",
    'lastSeenAt', "last_seen_at")));
