// Reads an enforcement set into what every artefact needs: per application and
// host the most severe decision, which hosts are blocked for whom, which for all
// applications in scope, and which stay allowed for someone. Rules: hosts.ts.

import { ACTION_SEVERITY } from "../types";
import { compareText, isBlocked, isValidHost, normaliseHost } from "./hosts";
import type { EnforcementEntry, EnforcementSet } from "./types";

/** One application's decision on one host: the most severe of its entries (ties: policy, reason, provider, in text order). */
export interface HostDecision extends EnforcementEntry {
  host: string;
}

export interface BlockedHost {
  host: string;
  /** Blocked for every application in scope, and the scope is not one application: one rule for all workloads. */
  everywhere: boolean;
  /** The applications it is blocked for, by slug, with the deciding record. */
  decisions: HostDecision[];
}

export interface BlockedSet {
  /** Distinct applications in scope, sorted. */
  applications: string[];
  /** Hosts blocked for at least one application, sorted by host. */
  blocked: BlockedHost[];
  /** Hosts allowed (allow or alert) for at least one application in scope, sorted. */
  allowedHosts: string[];
  /** Per application, its blocked hosts that are not blocked everywhere, sorted. */
  perApplication: { application: string; hosts: string[] }[];
  /** Distinct hosts left out because they are not valid host names (when asked to drop them). */
  skippedHosts: number;
}

function moreSevere(a: EnforcementEntry, b: EnforcementEntry): boolean {
  const d = ACTION_SEVERITY[a.decision] - ACTION_SEVERITY[b.decision];
  if (d !== 0) return d > 0;
  const key = (e: EnforcementEntry) => [e.policy ?? "", e.reason, e.provider ?? "", e.since ?? ""];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i += 1) {
    const c = compareText(ka[i] as string, kb[i] as string);
    if (c !== 0) return c < 0;
  }
  return false;
}

/**
 * `validHostsOnly`: drop entries whose host is not a valid host name (for config languages
 * where such a string is meaningless or unsafe); they are counted in `skippedHosts`.
 */
export function readBlockedSet(set: EnforcementSet, options: { validHostsOnly: boolean }): BlockedSet {
  const skipped = new Set<string>();
  const byPair = new Map<string, Map<string, HostDecision>>();
  for (const entry of set.entries) {
    const host = normaliseHost(entry.host);
    if (options.validHostsOnly && !isValidHost(host)) {
      skipped.add(host);
      continue;
    }
    let hosts = byPair.get(entry.application);
    if (!hosts) {
      hosts = new Map();
      byPair.set(entry.application, hosts);
    }
    const current = hosts.get(host);
    if (!current || moreSevere(entry, current)) hosts.set(host, { ...entry, host });
  }

  const applications = [...byPair.keys()].sort(compareText);
  const blockedFor = new Map<string, HostDecision[]>();
  const allowed = new Set<string>();
  for (const application of applications) {
    for (const decision of (byPair.get(application) ?? new Map<string, HostDecision>()).values()) {
      if (isBlocked(decision.decision)) {
        const list = blockedFor.get(decision.host) ?? [];
        list.push(decision);
        blockedFor.set(decision.host, list);
      } else {
        allowed.add(decision.host);
      }
    }
  }

  const perAppScope = set.scope.kind === "application";
  const blocked: BlockedHost[] = [...blockedFor.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([host, decisions]) => ({
      host,
      everywhere: !perAppScope && decisions.length === applications.length,
      decisions: decisions.sort((a, b) => compareText(a.application, b.application)),
    }));

  const perApplication = applications
    .map((application) => ({
      application,
      hosts: blocked.filter((b) => !b.everywhere && b.decisions.some((d) => d.application === application)).map((b) => b.host),
    }))
    .filter((p) => p.hosts.length > 0);

  return { applications, blocked, allowedHosts: [...allowed].sort(compareText), perApplication, skippedHosts: skipped.size };
}
