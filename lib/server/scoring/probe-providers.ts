import "server-only";
import { inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dependencies, providers, signals } from "@/db/schema";
import { probeHttp } from "../probe/http";
import { probeMany } from "../probe/tls";
import { rescoreProviders } from "./rescore";
import { reevaluateAfterRescore } from "../policies/reevaluate";

/**
 * Probes the primary API host of each provider in use (TLS and HTTP hygiene),
 * records the results as signals and rescores them. Runs daily through the
 * job queue; probes have timeouts and a concurrency limit.
 */
export async function probeProvidersInUse(db: Db, options: { timeoutMs?: number; concurrency?: number } = {}): Promise<{ probed: number; reached: number }> {
  const used = await db.selectDistinct({ id: dependencies.providerId }).from(dependencies).where(isNotNull(dependencies.providerId));
  const ids = used.map((u) => u.id).filter((id): id is string => Boolean(id));
  if (!ids.length) return { probed: 0, reached: 0 };
  const rows = await db.select({ id: providers.id, hostPatterns: providers.hostPatterns }).from(providers).where(inArray(providers.id, ids));
  const targets = rows.map((r) => ({ id: r.id, host: r.hostPatterns.find((h) => !h.startsWith("*.")) ?? null })).filter((t): t is { id: string; host: string } => t.host !== null);
  const tls = await probeMany(targets.map((t) => t.host), { timeoutMs: options.timeoutMs ?? 5000, concurrency: options.concurrency ?? 16 });
  let reached = 0;
  for (const [i, t] of targets.entries()) {
    const http = await probeHttp(t.host, { timeoutMs: options.timeoutMs ?? 5000 });
    const hsts = http.headers.find(([n]) => n === "strict-transport-security")?.[1].match(/max-age=(\d+)/i)?.[1];
    if (!tls[i].error) reached++;
    await db.insert(signals).values([
      { providerId: t.id, factor: "transport", source: "probe", host: t.host, evidence: { probe: tls[i], hstsMaxAge: hsts ? Number(hsts) : undefined } },
      { providerId: t.id, factor: "http_hygiene", source: "probe", host: t.host, evidence: { probe: http } },
    ]);
  }
  await rescoreProviders(db, { providerIds: targets.map((t) => t.id) });
  await reevaluateAfterRescore(db, targets.map((t) => t.id));
  return { probed: targets.length, reached };
}
