CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "findings_title_trgm_idx" ON "findings" USING gin ("title" gin_trgm_ops);
