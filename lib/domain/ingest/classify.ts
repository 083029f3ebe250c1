// Decides the discovery status of an endpoint (documented, orphan, shadow, zombie, deprecated) from
// whether its specs document it and whether traffic calls it. Words from DOMAIN.md: shadow and zombie as
// APIClarity and Wallarm use them; "orphan" (documented, never called) as Wallarm does (Akto's "zombie").

export type DiscoveryStatus = "documented" | "orphan" | "shadow" | "zombie" | "deprecated";

export interface EndpointFacts {
  /** The endpoint's path template is in the API's current spec version. */
  inCurrentSpec: boolean;
  /** The path template is in some spec of the API (current or earlier). */
  inAnySpec: boolean;
  /** The spec that has the path also has this method. */
  methodDocumented: boolean;
  /** Marked `deprecated: true` in the current spec. */
  deprecated: boolean;
  /** In an earlier spec version, not in the current one. */
  removed: boolean;
  /** The API version it belongs to is retired. */
  apiRetired: boolean;
  lastSeenAt: Date | null;
  callCount: number;
  /** Version of the current spec, quoted in explanations when given. */
  specVersion?: string | null;
}

export interface DiscoveryThresholds {
  /** A documented endpoint not called for this many days is an orphan. */
  orphanAfterDays: number;
}

export interface Classification {
  status: DiscoveryStatus;
  /** One sentence for the analyst. */
  rule: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function ago(last: Date, now: Date): string {
  const days = Math.floor((now.getTime() - last.getTime()) / DAY_MS);
  if (days <= 0) return "today";
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

const times = (n: number) => (n === 1 ? "once" : `${n} times`);

/**
 * Precedence, first match wins:
 * 1. zombie — seen, and deprecated, removed from the current spec, or of a retired API version;
 * 2. shadow — seen, and in no spec of the API or with a method the spec does not have;
 * 3. documented — in a spec (with the method) and seen within the orphan window;
 * 4. deprecated — deprecated, removed or retired, and not seen;
 * 5. orphan — in the current spec, not deprecated, not seen within the window (or never);
 * 6. shadow — neither in a spec nor seen (kept only by hand): still undocumented.
 * "Seen" means lastSeenAt is set and callCount > 0; zombie and shadow use any sighting, however old.
 */
export function classifyEndpoint(facts: EndpointFacts, now: Date, thresholds: DiscoveryThresholds = { orphanAfterDays: 30 }): Classification {
  const seen = facts.lastSeenAt !== null && facts.callCount > 0;
  const inSpec = facts.specVersion ? ` in spec ${facts.specVersion}` : " in the spec";
  const called = seen && facts.lastSeenAt ? `Called ${times(facts.callCount)}, last ${ago(facts.lastSeenAt, now)}` : "";
  const recent = seen && facts.lastSeenAt !== null && now.getTime() - facts.lastSeenAt.getTime() <= thresholds.orphanAfterDays * DAY_MS;

  if (seen) {
    if (facts.apiRetired) return { status: "zombie", rule: `${called}, but its API version is retired.` };
    if (facts.removed) return { status: "zombie", rule: `${called}, but removed from the current spec${facts.specVersion ? ` (${facts.specVersion})` : ""}.` };
    if (facts.deprecated) return { status: "zombie", rule: `${called}, but marked deprecated${inSpec}.` };
    if (!facts.inAnySpec) return { status: "shadow", rule: `${called}, but not in any spec of this API.` };
    if (!facts.methodDocumented) return { status: "shadow", rule: `${called}, but the spec does not document this method for the path.` };
  }
  if (recent && facts.inAnySpec) {
    const where = facts.inCurrentSpec ? inSpec : " in another spec of this API";
    return { status: "documented", rule: `${called}; documented${where}.` };
  }
  if (facts.apiRetired || facts.removed || facts.deprecated) {
    const why = facts.apiRetired ? "its API version is retired" : facts.removed ? "removed from the current spec" : `marked deprecated${inSpec}`;
    return { status: "deprecated", rule: `Not called${seen ? ` since ${ago(facts.lastSeenAt as Date, now)}` : ""}; ${why}.` };
  }
  if (facts.inAnySpec) {
    const window = `${thresholds.orphanAfterDays} days`;
    const rule = seen ? `Documented, but not called in the last ${window} (last ${ago(facts.lastSeenAt as Date, now)}).` : `Documented${inSpec}, but never called.`;
    return { status: "orphan", rule };
  }
  return { status: "shadow", rule: "Not in any spec of this API, and no calls recorded." };
}

export interface DiscoveryRule {
  status: DiscoveryStatus;
  title: string;
  description: string;
}

/** The rules page, in precedence order. */
export const DISCOVERY_RULES: readonly DiscoveryRule[] = [
  {
    status: "zombie",
    title: "Zombie",
    description:
      "Called in traffic although deprecated in the spec, removed from the current spec version, or part of a retired API version. Checked first: a zombie is never reported as documented.",
  },
  {
    status: "shadow",
    title: "Shadow",
    description:
      "Called in traffic but absent from every spec of its API, or called with a method the spec does not document for that path. Sibyl also flags shadow endpoints of APIs that have no spec at all.",
  },
  {
    status: "documented",
    title: "Documented",
    description: "In the spec, with this method, and called within the orphan window (30 days unless configured otherwise).",
  },
  {
    status: "deprecated",
    title: "Deprecated",
    description: "Deprecated, removed or retired, and no calls seen: safe to retire for good.",
  },
  {
    status: "orphan",
    title: "Orphan",
    description:
      "In the current spec and not deprecated, but never called or not called within the orphan window: possibly dead code still exposed. Akto calls this a zombie; Sibyl follows Wallarm.",
  },
];
