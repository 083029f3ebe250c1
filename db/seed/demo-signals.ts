// Records the demo providers' evidence (lib/domain/demo/signals) and scores
// them with the real scoring code, at three points in time so the history chart
// has a shape.
import { inArray } from "drizzle-orm";
import type { Db } from "../client";
import { attestations, dependencies, incidents, providers, signals } from "../schema";
import { buildDemoSignals } from "@/lib/domain/demo/signals";
import { rescoreProviders } from "@/lib/server/scoring/rescore";

const DAY = 86_400_000;

export async function seedDemoSignals(db: Db, now: Date): Promise<number> {
  const used = await db.selectDistinct({ id: dependencies.providerId }).from(dependencies);
  const ids = used.map((u) => u.id).filter((id): id is string => Boolean(id));
  if (!ids.length) return 0;
  const rows = await db.select({ id: providers.id, slug: providers.slug, hostPatterns: providers.hostPatterns }).from(providers).where(inArray(providers.id, ids));
  rows.sort((a, b) => a.slug.localeCompare(b.slug));
  const past = new Date(now.getTime() - 60 * DAY);
  await db.transaction(async (tx) => {
    for (const [index, p] of rows.entries()) {
      const host = p.hostPatterns.find((h) => !h.startsWith("*.")) ?? `api.${p.hostPatterns[0]?.slice(2)}`;
      const s = buildDemoSignals(p.slug, host, index, now);
      await tx.insert(signals).values([
        { providerId: p.id, factor: "transport", source: "recorded_probe", host, evidence: { probe: s.tls, hstsMaxAge: s.hstsMaxAge, recorded: true }, observedAt: past },
        { providerId: p.id, factor: "http_hygiene", source: "recorded_probe", host, evidence: { probe: s.http, recorded: true }, observedAt: past },
        { providerId: p.id, factor: "authentication", source: "analyst", evidence: { ...s.auth, source: "analyst" }, justification: "Demo: from the provider's public API documentation (generated example)", observedAt: past },
      ]);
      if (s.attestations.length) await tx.insert(attestations).values(s.attestations.map((a) => ({ providerId: p.id, kind: a.kind, issuedOn: a.issuedOn, expiresOn: a.expiresOn, note: "Demo attestation (generated example)" })));
      if (s.incidents.length) await tx.insert(incidents).values(s.incidents.map((i) => ({ providerId: p.id, ...i })));
    }
  });
  // History: the same evidence scored as of 60 and 30 days ago, then today.
  for (const at of [past, new Date(now.getTime() - 30 * DAY), now]) await rescoreProviders(db, { now: at });
  return rows.length;
}
