// The plain JSON denylist: every blocked dependency in scope (quarantined or
// awaiting approval) with its deciding policy and reason, sorted so that the
// same state always gives the same bytes, and counts by decision.

import { compareText, isBlocked, normaliseHost } from "./hosts";
import type { Artefact, EnforcementEntry, EnforcementSet } from "./types";

export interface DenylistEntry {
  application: string;
  host: string;
  provider: string | null;
  decision: EnforcementEntry["decision"];
  policy: string | null;
  reason: string;
  since: string | null;
}

export interface Denylist {
  generatedAt: string;
  scope: EnforcementSet["scope"];
  blocked: DenylistEntry[];
  counts: { dependencies: number; blocked: number; quarantine: number; require_approval: number; applications: number; hosts: number };
}

function compareEntries(a: DenylistEntry, b: DenylistEntry): number {
  const keys: (keyof DenylistEntry)[] = ["application", "host", "provider", "decision", "policy", "reason", "since"];
  for (const key of keys) {
    const c = compareText(String(a[key] ?? ""), String(b[key] ?? ""));
    if (c !== 0) return c;
  }
  return 0;
}

export function denylist(set: EnforcementSet): Denylist {
  // JSON carries any string safely: hosts are kept as given (lower-cased), valid or not.
  const blocked = set.entries
    .filter((e) => isBlocked(e.decision))
    .map((e) => ({ application: e.application, host: normaliseHost(e.host), provider: e.provider, decision: e.decision, policy: e.policy, reason: e.reason, since: e.since }))
    .sort(compareEntries);
  return {
    generatedAt: set.generatedAt,
    scope: set.scope,
    blocked,
    counts: {
      dependencies: set.entries.length,
      blocked: blocked.length,
      quarantine: blocked.filter((e) => e.decision === "quarantine").length,
      require_approval: blocked.filter((e) => e.decision === "require_approval").length,
      applications: new Set(blocked.map((e) => e.application)).size,
      hosts: new Set(blocked.map((e) => e.host)).size,
    },
  };
}

export function jsonDenylistArtefact(set: EnforcementSet): Artefact {
  return { filename: "sibyl-egress-denylist.json", contentType: "application/json", body: `${JSON.stringify(denylist(set), null, 2)}\n` };
}
