ALTER TABLE "provider_scores" ALTER COLUMN "factors" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "provider_scores" ALTER COLUMN "caps" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "provider_scores" ALTER COLUMN "caps" SET DEFAULT '[]'::json;--> statement-breakpoint
ALTER TABLE "provider_scores" ALTER COLUMN "improvements" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "provider_scores" ALTER COLUMN "improvements" SET DEFAULT '[]'::json;