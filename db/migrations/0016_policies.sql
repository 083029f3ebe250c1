CREATE TYPE "public"."policy_mode" AS ENUM('enforce', 'monitor');--> statement-breakpoint
ALTER TYPE "public"."policy_action" ADD VALUE 'require_approval' BEFORE 'quarantine';--> statement-breakpoint
CREATE TABLE "decision_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dependency_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"from_decision" "policy_action",
	"to_decision" "policy_action" NOT NULL,
	"policy_name" text,
	"mode" text NOT NULL,
	"reason" text NOT NULL,
	"cause" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dependency_decisions" (
	"dependency_id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"decision" "policy_action" NOT NULL,
	"policy_id" uuid,
	"policy_name" text,
	"mode" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"exception_id" uuid,
	"overridden" "policy_action",
	"monitored" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_exceptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"provider_id" uuid,
	"host" text,
	"owner" text NOT NULL,
	"justification" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid,
	"created_by_label" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_label" text,
	"expiry_processed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_exceptions_target_ck" CHECK (("policy_exceptions"."provider_id" is not null) <> ("policy_exceptions"."host" is not null))
);
--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "mode" "policy_mode" DEFAULT 'enforce' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "updated_by_id" uuid;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "decision_changes" ADD CONSTRAINT "decision_changes_dependency_id_dependencies_id_fk" FOREIGN KEY ("dependency_id") REFERENCES "public"."dependencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_changes" ADD CONSTRAINT "decision_changes_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_decisions" ADD CONSTRAINT "dependency_decisions_dependency_id_dependencies_id_fk" FOREIGN KEY ("dependency_id") REFERENCES "public"."dependencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_decisions" ADD CONSTRAINT "dependency_decisions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_decisions" ADD CONSTRAINT "dependency_decisions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dependency_decisions" ADD CONSTRAINT "dependency_decisions_exception_id_policy_exceptions_id_fk" FOREIGN KEY ("exception_id") REFERENCES "public"."policy_exceptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_exceptions" ADD CONSTRAINT "policy_exceptions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_exceptions" ADD CONSTRAINT "policy_exceptions_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_exceptions" ADD CONSTRAINT "policy_exceptions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_changes_dependency_idx" ON "decision_changes" USING btree ("dependency_id","at");--> statement-breakpoint
CREATE INDEX "decision_changes_at_idx" ON "decision_changes" USING btree ("at");--> statement-breakpoint
CREATE INDEX "dependency_decisions_app_idx" ON "dependency_decisions" USING btree ("application_id","decision");--> statement-breakpoint
CREATE INDEX "dependency_decisions_decision_idx" ON "dependency_decisions" USING btree ("decision");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_exceptions_live_uq" ON "policy_exceptions" USING btree ("application_id",coalesce("provider_id"::text, ''),coalesce("host", '')) WHERE "policy_exceptions"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "policy_exceptions_expiry_idx" ON "policy_exceptions" USING btree ("expires_at") WHERE "policy_exceptions"."revoked_at" is null and "policy_exceptions"."expiry_processed_at" is null;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;