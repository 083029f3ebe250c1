CREATE TYPE "public"."webhook_delivery_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
ALTER TYPE "public"."finding_kind" ADD VALUE 'certificate_expiring';--> statement-breakpoint
ALTER TYPE "public"."finding_kind" ADD VALUE 'deprecated_provider_endpoint';--> statement-breakpoint
ALTER TYPE "public"."finding_kind" ADD VALUE 'policy_violation';--> statement-breakpoint
ALTER TYPE "public"."token_scope" ADD VALUE 'triage';--> statement-breakpoint
CREATE TABLE "risk_acceptances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"owner" text NOT NULL,
	"decision" text NOT NULL,
	"compensating_controls" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_by_id" uuid,
	"created_by_label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"event" text NOT NULL,
	"event_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" "webhook_delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_status_code" integer,
	"last_error" text,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_attempts_ck" CHECK ("webhook_deliveries"."attempts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"events" text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "finding_status_history_finding_idx";--> statement-breakpoint
DROP INDEX "findings_app_idx";--> statement-breakpoint
DROP INDEX "findings_provider_idx";--> statement-breakpoint
ALTER TABLE "finding_comments" ALTER COLUMN "author_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "finding_comments" ADD COLUMN "author_label" text;--> statement-breakpoint
ALTER TABLE "finding_status_history" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "finding_status_history_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "finding_status_history" ADD COLUMN "event" text DEFAULT 'state' NOT NULL;--> statement-breakpoint
ALTER TABLE "finding_status_history" ADD COLUMN "from_value" text;--> statement-breakpoint
ALTER TABLE "finding_status_history" ADD COLUMN "to_value" text;--> statement-breakpoint
ALTER TABLE "finding_status_history" ADD COLUMN "changed_by_label" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "detected_severity" "severity";--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "severity_reason" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "owasp_category" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "sample_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "last_ingest_run_id" uuid;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "sla_started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "justification" text;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "accepted_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_acceptances" ADD CONSTRAINT "risk_acceptances_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_acceptances_finding_idx" ON "risk_acceptances" USING btree ("finding_id","created_at");--> statement-breakpoint
CREATE INDEX "risk_acceptances_expires_idx" ON "risk_acceptances" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_event_uq" ON "webhook_deliveries" USING btree ("endpoint_id","event_key");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_created_idx" ON "webhook_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_endpoints_name_uq" ON "webhook_endpoints" USING btree ("name");--> statement-breakpoint
CREATE INDEX "finding_status_history_changed_idx" ON "finding_status_history" USING btree ("changed_at","seq");--> statement-breakpoint
CREATE INDEX "findings_queue_idx" ON "findings" USING btree ("status","severity","due_at");--> statement-breakpoint
CREATE INDEX "findings_kind_status_idx" ON "findings" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "findings_assignee_idx" ON "findings" USING btree ("assignee_id","status");--> statement-breakpoint
CREATE INDEX "findings_due_idx" ON "findings" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "findings_last_seen_idx" ON "findings" USING btree ("last_seen_at","id");--> statement-breakpoint
CREATE INDEX "findings_accepted_until_idx" ON "findings" USING btree ("accepted_until");--> statement-breakpoint
CREATE INDEX "findings_first_seen_idx" ON "findings" USING btree ("first_seen_at","id");--> statement-breakpoint
CREATE INDEX "findings_closed_idx" ON "findings" USING btree ("closed_at");--> statement-breakpoint
CREATE INDEX "finding_status_history_finding_idx" ON "finding_status_history" USING btree ("finding_id","seq");--> statement-breakpoint
CREATE INDEX "findings_app_idx" ON "findings" USING btree ("application_id","status");--> statement-breakpoint
CREATE INDEX "findings_provider_idx" ON "findings" USING btree ("provider_id","status");--> statement-breakpoint
UPDATE "findings" SET
  "detected_severity" = "severity",
  "sla_started_at" = "first_seen_at",
  "closed_at" = CASE WHEN "status"::text IN ('open', 'in_triage', 'confirmed') THEN NULL ELSE coalesce("resolved_at", "updated_at") END,
  "owasp_category" = CASE
    WHEN "kind"::text IN ('shadow_endpoint', 'zombie_endpoint', 'orphan_endpoint') THEN 'API9'
    WHEN "kind"::text = 'api_key_in_query' THEN 'API2'
    WHEN "kind"::text = 'sensitive_data_to_unclassified_host' THEN 'API3'
    WHEN "kind"::text = 'weak_transport' THEN 'API8'
    ELSE 'API10'
  END;
