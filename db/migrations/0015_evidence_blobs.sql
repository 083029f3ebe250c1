CREATE TABLE "evidence_blobs" (
	"digest" text PRIMARY KEY NOT NULL,
	"body" json NOT NULL
);
