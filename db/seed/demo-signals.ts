// Records the demo providers' evidence (lib/domain/demo/signals), with the
// probe results each showed over the last 90 days, and scores them with the
// real scoring code week by week, so every history and trend has real movement:
// providers that hardened or regressed, certificates and attestations that
// expired, breaches that capped a grade for 90 days.
import { inArray } from "drizzle-orm";
import type { Db } from "../client";
import { attestations, dependencies, incidents, providers, signals } from "../schema";
import { buildDemoSignals, DEMO_HISTORY_DAYS, demoProbeHistory } from "@/lib/domain/demo/signals";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { reevaluateAfterRescore } from "@/lib/server/policies/reevaluate";
import { seedDemoPolicies } from "./demo-policies";

const DAY = 86_400_000;

export async function seedDemoSignals(db: Db, now: Date): Promise<number> {
  const used = await db.selectDistinct({ id: dependencies.providerId }).from(dependencies);
  const ids = used.map((u) => u.id).filter((id): id is string => Boolean(id));
  if (!ids.length) return 0;
  const rows = await db.select({ id: providers.id, slug: providers.slug, hostPatterns: providers.hostPatterns }).from(providers).where(inArray(providers.id, ids));
  rows.sort((a, b) => a.slug.localeCompare(b.slug));
  const past = new Date(now.getTime() - DEMO_HISTORY_DAYS * DAY);
  await db.transaction(async (tx) => {
    for (const [index, p] of rows.entries()) {
      const host = p.hostPatterns.find((h) => !h.startsWith("*.")) ?? `api.${p.hostPatterns[0]?.slice(2)}`;
      const s = buildDemoSignals(p.slug, host, index, now);
      const probes = demoProbeHistory(p.slug, host, index, now).flatMap((snap) => [
        { providerId: p.id, factor: "transport", source: "recorded_probe", host, evidence: { probe: snap.tls, hstsMaxAge: snap.hstsMaxAge, recorded: true }, observedAt: snap.at },
        { providerId: p.id, factor: "http_hygiene", source: "recorded_probe", host, evidence: { probe: snap.http, recorded: true }, observedAt: snap.at },
      ]);
      await tx.insert(signals).values([
        ...probes,
        { providerId: p.id, factor: "authentication", source: "analyst", evidence: { ...s.auth, source: "analyst" }, justification: "Demo: from the provider's public API documentation (generated example)", observedAt: past },
      ]);
      if (s.attestations.length) await tx.insert(attestations).values(s.attestations.map((a) => ({ providerId: p.id, kind: a.kind, issuedOn: a.issuedOn, expiresOn: a.expiresOn, note: "Demo attestation (generated example)" })));
      if (s.incidents.length) await tx.insert(incidents).values(s.incidents.map((i) => ({ providerId: p.id, ...i })));
    }
  });
  // History: scored week by week as of each day, then today.
  const points: Date[] = [];
  for (let d = DEMO_HISTORY_DAYS - 1; d > 0; d -= 7) points.push(new Date(now.getTime() - d * DAY));
  points.push(now);
  // The demo's policies exist from the start of its history, so decisions move with the scores.
  await seedDemoPolicies(db, { label: "system:seed", role: "admin" }, points[0]);
  for (const at of points) {
    await rescoreProviders(db, { now: at });
    await reevaluateAfterRescore(db, undefined, { now: at });
  }
  return rows.length;
}
