CREATE TABLE "otlp_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"service_name" text NOT NULL,
	"app_slug" text NOT NULL,
	"spans" text NOT NULL,
	"span_count" integer NOT NULL,
	"token_id" uuid,
	"user_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "otlp_queue" ADD CONSTRAINT "otlp_queue_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "otlp_queue" ADD CONSTRAINT "otlp_queue_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "otlp_queue_app_idx" ON "otlp_queue" USING btree ("app_slug","id");