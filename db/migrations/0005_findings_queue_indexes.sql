DROP INDEX "findings_app_idx";--> statement-breakpoint
DROP INDEX "findings_provider_idx";--> statement-breakpoint
DROP INDEX "findings_kind_status_idx";--> statement-breakpoint
DROP INDEX "findings_assignee_idx";--> statement-breakpoint
DROP INDEX "findings_closed_idx";--> statement-breakpoint
CREATE INDEX "findings_owasp_idx" ON "findings" USING btree ("owasp_category","status","due_at");--> statement-breakpoint
CREATE INDEX "findings_active_severity_idx" ON "findings" USING btree ("severity","due_at","id") WHERE status in ('open', 'in_triage', 'confirmed');--> statement-breakpoint
CREATE INDEX "findings_active_due_idx" ON "findings" USING btree ("due_at","id") WHERE status in ('open', 'in_triage', 'confirmed');--> statement-breakpoint
CREATE INDEX "findings_active_last_seen_idx" ON "findings" USING btree ("last_seen_at" DESC NULLS LAST,"due_at","id") WHERE status in ('open', 'in_triage', 'confirmed');--> statement-breakpoint
CREATE INDEX "findings_resolved_idx" ON "findings" USING btree ("status","resolved_at","severity","first_seen_at");--> statement-breakpoint
CREATE INDEX "findings_app_idx" ON "findings" USING btree ("application_id","status","due_at");--> statement-breakpoint
CREATE INDEX "findings_provider_idx" ON "findings" USING btree ("provider_id","status","due_at");--> statement-breakpoint
CREATE INDEX "findings_kind_status_idx" ON "findings" USING btree ("kind","status","due_at");--> statement-breakpoint
CREATE INDEX "findings_assignee_idx" ON "findings" USING btree ("assignee_id","status","due_at");--> statement-breakpoint
CREATE INDEX "findings_closed_idx" ON "findings" USING btree ("closed_at","first_seen_at");