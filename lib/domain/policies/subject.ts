// How a dependency's stored facts become what policies read: the coarse data
// classes it sends (observed on the edge, plus the application's declared classes
// unless an analyst narrowed them, the same rule as contextual risk) and its
// calls per day over the time it was observed.
import { sensitivityOf, type SensitivityClass } from "../scoring/dependency-risk";

const COARSE: Partial<Record<SensitivityClass, string>> = { internal: "internal", pii: "pii", payment: "pci", health: "phi", credentials: "credentials" };

/** The data classes a dependency sends, as policies name them (internal, pii, pci, phi, credentials), sorted. */
export function policyDataClasses(observed: readonly string[], declared: readonly string[], narrowed: readonly string[] | null): string[] {
  const out = new Set<string>();
  for (const c of [...observed, ...(narrowed ?? declared)]) {
    const coarse = COARSE[sensitivityOf(c)];
    if (coarse) out.add(coarse);
  }
  return [...out].sort();
}

const DAY_MS = 86_400_000;

/** Calls per day over the observed span (at least one day); 0 when never seen in traffic. */
export function callsPerDay(calls: number, firstSeenAt: Date | null, lastSeenAt: Date | null): number {
  if (!calls) return 0;
  const span = firstSeenAt && lastSeenAt ? Math.max(DAY_MS, lastSeenAt.getTime() - firstSeenAt.getTime()) : DAY_MS;
  return Math.round((calls * DAY_MS) / span);
}
