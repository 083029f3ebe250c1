import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  EXPOSURE_DATA_WEIGHT,
  EXPOSURE_DEFAULT_TIER_MULTIPLIER,
  EXPOSURE_TIER_MULTIPLIER,
  EXPOSURE_UNKNOWN_WEAKNESS,
  EXPOSURE_VOLUME_MAX,
  EXPOSURE_VOLUME_SATURATION_CALLS,
  exposureSensitivity,
  type ExposureContribution,
} from "@/lib/domain/reports/exposure";
import type { SensitivityClass } from "@/lib/domain/scoring/dependency-risk";
import { rowsOf } from "../db-results";

/** Contributions kept on each portfolio and team row (the Overview and the report list the top ones). */
export const EXPOSURE_TOP_KEPT = 10;

/** A stored contribution: the ids and the factors, rounded for storage. */
export type StoredContribution = Pick<ExposureContribution, "dependencyId" | "applicationId" | "providerId" | "sensitivity" | "dataWeight" | "weakness" | "volume" | "tier" | "score" | "grade" | "calls" | "value">;

/**
 * The most sensitive class of every distinct pair (classes observed on an edge, classes narrowed
 * or else declared for its application) in the database, by the domain's own rule
 * (exposureSensitivity): the SQL below joins on the pair and carries no copy of the rule.
 * There are few distinct pairs, however many dependencies.
 */
async function sensitivityTable(db: Db): Promise<{ o: string[]; r: string[]; s: SensitivityClass }[]> {
  const rows = rowsOf<{ o: string[]; r: string[] }>(
    await db.execute(sql`
      select distinct d.data_classes as o, coalesce(d.narrowed_data_classes, a.data_classes::text[]) as r
      from dependencies d join applications a on a.id = d.application_id
      where d.provider_id is not null`),
  );
  return rows.map((x) => ({ o: x.o, r: x.r, s: exposureSensitivity({ observedClasses: x.o, declaredClasses: [], narrowedClasses: x.r }) }));
}

/** A contribution as stored in `top` (the keys of StoredContribution). */
const contributionJson = sql.raw(`jsonb_build_object('dependencyId', dependency_id, 'applicationId', application_id, 'providerId', provider_id, 'sensitivity', sensitivity, 'dataWeight', data_weight, 'weakness', round(weakness::numeric, 4), 'volume', round(volume::numeric, 4), 'tier', tier, 'score', score, 'grade', grade, 'calls', calls, 'value', value)`);

/**
 * Upserts the day's exposure index of the portfolio, every team and every
 * application (a scope with no provider dependency gets 0, so the latest row is
 * always current). Called at the end of every rescore, so the demo's
 * week-by-week rescoring builds the history too.
 *
 * At 4,000 applications × 50 dependencies, reading every dependency into Node
 * and summing there took seconds; so the database computes each contribution
 * once (a materialised CTE) with the formula of lib/domain/reports/exposure.ts
 * (dependencyExposure: the same factors from the same exported constants, the
 * sensitivity from the pair table above) and one statement does the three
 * upserts, one per scope kind. test/integration/exposure.test.ts checks that every stored figure
 * equals the TypeScript formula over the same rows, edge cases included.
 */
export async function rollUpExposure(db: Db, now: Date): Promise<void> {
  const pairs = await sensitivityTable(db);
  const day = now.toISOString().slice(0, 10);
  const at = now.toISOString();
  const tiers = JSON.stringify(EXPOSURE_TIER_MULTIPLIER);
  const unknown = EXPOSURE_UNKNOWN_WEAKNESS;
  const strength = sql`least(1::float8, greatest(0::float8, (100 - s.score) / 100))`;
  await db.execute(sql`
    with
    k as (select * from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as k(o text[], r text[], s text)),
    s as (
      select distinct on (provider_id) provider_id, score::numeric::float8 as score, grade
      from provider_scores where computed_at <= ${at}::timestamptz
      order by provider_id, computed_at desc, id desc),
    f as (
      select d.id as dependency_id, d.application_id, d.provider_id, a.owner_team_id as team_id, d.call_count as calls, s.score, s.grade,
        coalesce(k.s, 'none') as sensitivity,
        (${JSON.stringify(EXPOSURE_DATA_WEIGHT)}::jsonb ->> coalesce(k.s, 'none'))::float8 as data_weight,
        case when s.score is null then ${unknown}::float8 when s.grade is null then greatest(${unknown}::float8, ${strength}) else ${strength} end as weakness,
        1 + (${EXPOSURE_VOLUME_MAX}::float8 - 1) * least(1::float8, log(1 + greatest(0, d.call_count)::float8) / log(${EXPOSURE_VOLUME_SATURATION_CALLS}::float8)) as volume,
        coalesce((${tiers}::jsonb ->> a.criticality::text)::float8, ${EXPOSURE_DEFAULT_TIER_MULTIPLIER}::float8) as tier
      from dependencies d
      join applications a on a.id = d.application_id
      left join s on s.provider_id = d.provider_id
      -- The most sensitive class of the edge's (observed, narrowed else declared) pair, from the domain's rule.
      left join k on k.o = d.data_classes and k.r = coalesce(d.narrowed_data_classes, a.data_classes::text[])
      where d.provider_id is not null),
    c as materialized (select *, data_weight * weakness * volume * tier as value from f),
    applications_done as (
      insert into exposure_daily (scope_kind, scope_key, day, value, dependencies, top, computed_at)
      select 'application', a.id::text, ${day}::date, coalesce(sum(c.value), 0), count(c.dependency_id)::int, null, ${at}::timestamptz
      from applications a left join c on c.application_id = a.id
      group by a.id
      on conflict (scope_kind, scope_key, day) do update set value = excluded.value, dependencies = excluded.dependencies, top = excluded.top, computed_at = excluded.computed_at),
    team_top as (
      select team_id, jsonb_agg(${contributionJson} order by value desc, dependency_id) as top
      from (select c.*, row_number() over (partition by team_id order by value desc, dependency_id) as rn from c where team_id is not null) r
      where rn <= ${EXPOSURE_TOP_KEPT}
      group by team_id),
    teams_done as (
      insert into exposure_daily (scope_kind, scope_key, day, value, dependencies, top, computed_at)
      select 'team', t.id::text, ${day}::date, coalesce(g.value, 0), coalesce(g.n, 0), coalesce(tt.top, '[]'::jsonb), ${at}::timestamptz
      from teams t
      left join (select team_id, sum(value) as value, count(*)::int as n from c group by team_id) g on g.team_id = t.id
      left join team_top tt on tt.team_id = t.id
      on conflict (scope_kind, scope_key, day) do update set value = excluded.value, dependencies = excluded.dependencies, top = excluded.top, computed_at = excluded.computed_at)
    insert into exposure_daily (scope_kind, scope_key, day, value, dependencies, top, computed_at)
    select 'portfolio', 'portfolio', ${day}::date, coalesce(sum(value), 0), count(*)::int,
      (select coalesce(jsonb_agg(${contributionJson} order by value desc, dependency_id), '[]'::jsonb) from (select * from c order by value desc, dependency_id limit ${EXPOSURE_TOP_KEPT}) p),
      ${at}::timestamptz
    from c
    on conflict (scope_kind, scope_key, day) do update set value = excluded.value, dependencies = excluded.dependencies, top = excluded.top, computed_at = excluded.computed_at`);
}
