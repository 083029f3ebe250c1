-- One dependency per application × target (provider, internal API or application, or unclassified host):
-- edges that differed only by source or host are merged into the oldest, their evidence kept per source.
CREATE TEMPORARY TABLE "dependency_merge" AS
  SELECT "id", first_value("id") OVER (
    PARTITION BY "application_id", "target_kind", coalesce("provider_id"::text, ''), coalesce("internal_api_id"::text, ''), coalesce("target_application_id"::text, ''),
      (CASE WHEN "target_kind" = 'unclassified' THEN "host" ELSE '' END)
    ORDER BY ("source" = 'traffic') DESC, "created_at", "id") AS "keeper"
  FROM "dependencies";--> statement-breakpoint
DELETE FROM "dependency_merge" WHERE "keeper" IN (SELECT "keeper" FROM "dependency_merge" GROUP BY "keeper" HAVING count(*) = 1);--> statement-breakpoint
UPDATE "dependencies" d SET
  "call_count" = a."calls", "error_count" = a."errors", "latency_ms_sum" = a."latency", "latency_samples" = a."samples",
  "first_seen_at" = a."first_seen", "last_seen_at" = a."last_seen", "sdk_purl" = coalesce(d."sdk_purl", a."sdk_purl"),
  "sources" = a."sources", "hosts" = a."hosts", "data_classes" = a."classes",
  "data_locations" = coalesce((
    SELECT jsonb_object_agg(l."key", l."locs") FROM (
      SELECT e."key", jsonb_agg(DISTINCT v.value) AS "locs"
      FROM "dependencies" x JOIN "dependency_merge" m ON m."id" = x."id", jsonb_each(x."data_locations") e, jsonb_array_elements(e."value") v
      WHERE m."keeper" = d."id" GROUP BY e."key") l), '{}'::jsonb),
  "source_evidence" = (
    SELECT jsonb_object_agg(s."source", s."evidence") FROM (
      SELECT x."source"::text AS "source", jsonb_strip_nulls(jsonb_build_object(
        'calls', sum(x."call_count"),
        'hosts', (SELECT jsonb_agg(DISTINCT h) FROM unnest(array_agg(x."host")) h WHERE h IS NOT NULL),
        'purls', (SELECT jsonb_agg(DISTINCT p) FROM unnest(array_agg(x."sdk_purl")) p WHERE p IS NOT NULL),
        'firstSeenAt', min(x."first_seen_at"), 'lastSeenAt', max(x."last_seen_at"))) AS "evidence"
      FROM "dependencies" x JOIN "dependency_merge" m ON m."id" = x."id"
      WHERE m."keeper" = d."id" GROUP BY x."source") s)
FROM (
  SELECT m."keeper", sum(x."call_count") AS "calls", sum(x."error_count") AS "errors", sum(x."latency_ms_sum") AS "latency", sum(x."latency_samples") AS "samples",
    min(x."first_seen_at") AS "first_seen", max(x."last_seen_at") AS "last_seen", max(x."sdk_purl") AS "sdk_purl",
    (SELECT array_agg(q.s ORDER BY q.s::text) FROM (SELECT DISTINCT s FROM unnest(array_agg(x."source")) s) q) AS "sources",
    (SELECT coalesce(array_agg(DISTINCT h ORDER BY h), '{}'::text[]) FROM unnest(array_agg(x."host")) h WHERE h IS NOT NULL) AS "hosts",
    (SELECT coalesce(array_agg(DISTINCT c ORDER BY c), '{}'::text[]) FROM "dependencies" y JOIN "dependency_merge" n ON n."id" = y."id", unnest(y."data_classes") c WHERE n."keeper" = m."keeper") AS "classes"
  FROM "dependencies" x JOIN "dependency_merge" m ON m."id" = x."id"
  GROUP BY m."keeper") a
WHERE d."id" = a."keeper";--> statement-breakpoint
UPDATE "dependency_risks" r SET "dependency_id" = m."keeper" FROM "dependency_merge" m WHERE r."dependency_id" = m."id" AND m."id" <> m."keeper";--> statement-breakpoint
DELETE FROM "dependencies" d USING "dependency_merge" m WHERE d."id" = m."id" AND m."id" <> m."keeper";--> statement-breakpoint
DROP TABLE "dependency_merge";--> statement-breakpoint
DROP INDEX "dependencies_edge_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "dependencies_edge_uq" ON "dependencies" USING btree ("application_id","target_kind",coalesce("provider_id"::text, ''),coalesce("internal_api_id"::text, ''),coalesce("target_application_id"::text, ''),(case when "target_kind" = 'unclassified' then "host" else '' end));--> statement-breakpoint
ALTER TABLE "dependencies" DROP COLUMN "source";