DROP INDEX "dependencies_provider_idx";--> statement-breakpoint
DROP INDEX "dependencies_risk_idx";--> statement-breakpoint
CREATE INDEX "dependencies_provider_risk_idx" ON "dependencies" USING btree ("provider_id","risk");--> statement-breakpoint
CREATE INDEX "dependencies_provider_idx" ON "dependencies" USING btree ("provider_id","application_id");--> statement-breakpoint
CREATE INDEX "dependencies_risk_idx" ON "dependencies" USING btree ("risk" DESC NULLS LAST);