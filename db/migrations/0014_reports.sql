CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"framework" text NOT NULL,
	"scope" text NOT NULL,
	"cadence" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "scope" text DEFAULT 'portfolio' NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "scope_name" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "period_from" date;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "period_to" date;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "progress" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "stage" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "file_hash" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "pages" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "pdf" "bytea";--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "content" jsonb;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "schedule_id" uuid;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "requested_by_label" text;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "report_schedules_uq" ON "report_schedules" USING btree ("framework","scope","cadence");--> statement-breakpoint
CREATE INDEX "report_schedules_due_idx" ON "report_schedules" USING btree ("enabled","next_run_at");--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_schedule_id_report_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."report_schedules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reports_file_hash_idx" ON "reports" USING btree ("file_hash");--> statement-breakpoint
CREATE INDEX "reports_status_idx" ON "reports" USING btree ("status","requested_at");