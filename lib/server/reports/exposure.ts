import "server-only";
import type { Db } from "@/db/client";
import type { ReportScope } from "@/lib/domain/reports/evidence";
import { EXPOSURE_DATA_WEIGHT, EXPOSURE_TIER_MULTIPLIER, EXPOSURE_UNKNOWN_WEAKNESS, EXPOSURE_VOLUME_MAX } from "@/lib/domain/reports/exposure";
import type { ExposureSection } from "@/lib/domain/reports/model";
import { SYSTEM_ACTOR } from "../actor";
import { getExposure, type ExposureScope } from "../dal/exposure";
import { scopeRow } from "./gather";

/** Largest contributors listed in a report's insurer section. */
export const REPORT_EXPOSURE_CONTRIBUTORS = 10;

export const EXPOSURE_FORMULA = `Exposure index = Σ over provider dependencies of data weight × weakness × volume × tier. Data weight: the most sensitive data sent (${Object.entries(EXPOSURE_DATA_WEIGHT)
  .map(([k, v]) => `${k} ${v}`)
  .join(", ")}); weakness: (100 − score) / 100, ${EXPOSURE_UNKNOWN_WEAKNESS} for a provider never scored; volume: 1 to ${EXPOSURE_VOLUME_MAX} with the logarithm of calls (${EXPOSURE_VOLUME_MAX} from 1,000,000 calls); tier: ${Object.entries(EXPOSURE_TIER_MULTIPLIER)
  .map(([k, v]) => `tier ${k} × ${v}`)
  .join(", ")}. An application sums its dependencies, a team its applications, the portfolio everything.`;

/**
 * The insurer's section of a report: the scope's exposure index (kept daily by the rescore
 * job), its last 12 months and largest contributors. The report is generated on behalf of
 * someone who may generate reports; the index itself is read as the system.
 */
export async function reportExposure(db: Db, scope: ReportScope, now: Date): Promise<ExposureSection | null> {
  let target: ExposureScope = { kind: "portfolio" };
  if (scope.kind !== "portfolio") target = { kind: scope.kind, id: (await scopeRow(db, scope)).id };
  const view = await getExposure(db, SYSTEM_ACTOR, target, { now, top: REPORT_EXPOSURE_CONTRIBUTORS });
  if (!view.current) return null;
  return {
    current: view.current.value,
    atStart: view.series[0]?.value ?? null,
    history: view.series,
    contributors: view.contributors.map((c) => ({
      application: c.application.name,
      target: c.provider.name,
      value: c.value,
      reason: `${c.sensitivity} data (× ${c.dataWeight}) to ${c.grade ? `a grade ${c.grade} provider` : "an ungraded provider"} (weakness ${c.weakness.toFixed(2)}), ${c.calls.toLocaleString("en-US")} calls (× ${c.volume.toFixed(2)}), tier × ${c.tier}`,
    })),
    formula: EXPOSURE_FORMULA,
  };
}
