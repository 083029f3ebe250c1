DROP INDEX "findings_status_severity_idx";--> statement-breakpoint
CREATE INDEX "signals_latest_idx" ON "signals" USING btree ("provider_id","factor","is_override","observed_at" DESC NULLS LAST,"id") WHERE superseded_at is null;--> statement-breakpoint
-- Score rows carry their factors (about 2 KB of JSON): lz4 compresses them several times faster than the
-- default pglz, which every rescore pays on each new row. A server built without lz4 (or PGlite) keeps pglz.
DO $$ BEGIN
  ALTER TABLE "provider_scores" ALTER COLUMN "factors" SET COMPRESSION lz4, ALTER COLUMN "improvements" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$;
