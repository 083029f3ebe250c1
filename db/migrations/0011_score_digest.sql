ALTER TABLE "provider_scores" ADD COLUMN "digest" text;--> statement-breakpoint
ALTER TABLE "provider_scores" ADD COLUMN "assessed_at" timestamp with time zone;