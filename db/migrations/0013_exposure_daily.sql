CREATE TABLE "exposure_daily" (
	"scope_kind" text NOT NULL,
	"scope_key" text NOT NULL,
	"day" date NOT NULL,
	"value" double precision NOT NULL,
	"dependencies" integer NOT NULL,
	"top" jsonb,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exposure_daily_scope_kind_scope_key_day_pk" PRIMARY KEY("scope_kind","scope_key","day"),
	CONSTRAINT "exposure_daily_scope_ck" CHECK ("exposure_daily"."scope_kind" in ('portfolio', 'team', 'application') and ("exposure_daily"."scope_kind" <> 'portfolio' or "exposure_daily"."scope_key" = 'portfolio'))
);
