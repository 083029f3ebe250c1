// An OPA bundle for egress decisions: data.json holds the blocked hosts per
// application (and those blocked for every application in scope), policy.rego is
// fixed text answering data.sibyl.egress.allow for input.app and input.host.

import { ACTION_SEVERITY } from "../types";
import { readBlockedSet } from "./blocked-set";
import type { Artefact, EnforcementSet } from "./types";

export interface OpaBlock {
  decision: string;
  policy: string | null;
  reason: string;
  provider: string | null;
  since: string | null;
}

export interface OpaData {
  sibyl: {
    egress: {
      generated_at: string;
      scope: EnforcementSet["scope"];
      /** blocked[app][host]: host exactly, or "*.x.com" for any name ending in ".x.com". */
      blocked: Record<string, Record<string, OpaBlock>>;
      /** blocked_everywhere[host]: blocked for every application in scope, so for any caller. */
      blocked_everywhere: Record<string, OpaBlock & { applications: string[] }>;
    };
  };
}

/**
 * Fixed text: no data is ever written into it (everything comes from data.json), so a
 * hostile host or reason cannot change the policy. Its rules are restated in TypeScript
 * by `opaAllows` below for the tests.
 */
export const POLICY_REGO = `# Sibyl egress policy. Data: data.sibyl.egress (data.json in this bundle).
# Query data.sibyl.egress.allow with input {"app": "<application slug>", "host": "<host name without port>"}.
# A host is refused when it is blocked for that application or for every application;
# a data key "*.x.com" blocks any host ending in ".x.com" (not x.com itself).
package sibyl.egress

import rego.v1

default allow := true

allow := false if count(matches) > 0

matches contains block if {
	some pattern, block in data.sibyl.egress.blocked[input.app]
	host_matches(pattern, lower(input.host))
}

matches contains block if {
	some pattern, block in data.sibyl.egress.blocked_everywhere
	host_matches(pattern, lower(input.host))
}

host_matches(pattern, host) if pattern == host

host_matches(pattern, host) if {
	startswith(pattern, "*.")
	endswith(host, substring(pattern, 1, -1))
}

# Every reason that refuses the call, sorted and joined.
reason := concat("; ", {block.reason | some block in matches}) if count(matches) > 0

# The most severe decision among them.
decision := "quarantine" if {
	some block in matches
	block.decision == "quarantine"
} else := "require_approval" if {
	count(matches) > 0
} else := "allow"
`;

function toBlock(d: { decision: string; policy: string | null; reason: string; provider: string | null; since: string | null }): OpaBlock {
  return { decision: d.decision, policy: d.policy, reason: d.reason, provider: d.provider, since: d.since };
}

/** A plain record without a prototype: a key such as "__proto__" from data stays an ordinary key. */
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Objects built with sorted keys; JSON.stringify keeps insertion order, so the bytes are deterministic. */
export function opaData(set: EnforcementSet): OpaData {
  // data.json is JSON: any string is safe in it, so no host is dropped.
  const read = readBlockedSet(set, { validHostsOnly: false });
  const blocked = record<Record<string, OpaBlock>>();
  for (const application of read.applications) {
    const hosts = record<OpaBlock>();
    for (const b of read.blocked) {
      const d = b.decisions.find((x) => x.application === application);
      if (d) hosts[b.host] = toBlock(d);
    }
    if (Object.keys(hosts).length > 0) blocked[application] = hosts;
  }
  const blockedEverywhere = record<OpaBlock & { applications: string[] }>();
  for (const b of read.blocked.filter((x) => x.everywhere)) {
    // The most severe record speaks for the host (first application among equals).
    const first = [...b.decisions].sort((x, y) => ACTION_SEVERITY[y.decision] - ACTION_SEVERITY[x.decision])[0];
    if (first) blockedEverywhere[b.host] = { ...toBlock(first), applications: b.decisions.map((d) => d.application) };
  }
  return { sibyl: { egress: { generated_at: set.generatedAt, scope: set.scope, blocked, blocked_everywhere: blockedEverywhere } } };
}

/** The Rego's answer, restated in TypeScript (the tests run this; the Rego itself is not executed here). */
export function opaAllows(data: OpaData, input: { app: string; host: string }): { allow: boolean; decision: string; reason?: string } {
  const host = input.host.toLowerCase();
  const hostMatches = (pattern: string) => pattern === host || (pattern.startsWith("*.") && host.endsWith(pattern.slice(1)));
  const egress = data.sibyl.egress;
  const forApp = Object.prototype.hasOwnProperty.call(egress.blocked, input.app) ? egress.blocked[input.app] : undefined;
  const matches = [
    ...Object.entries(forApp ?? {}).filter(([p]) => hostMatches(p)).map(([, b]) => b),
    ...Object.entries(egress.blocked_everywhere).filter(([p]) => hostMatches(p)).map(([, b]) => b),
  ];
  if (matches.length === 0) return { allow: true, decision: "allow" };
  const reasons = [...new Set(matches.map((m) => m.reason))].sort();
  const decision = matches.some((m) => m.decision === "quarantine") ? "quarantine" : "require_approval";
  return { allow: false, decision, reason: reasons.join("; ") };
}

export function opaArtefacts(set: EnforcementSet): Artefact[] {
  return [
    { filename: "data.json", contentType: "application/json", body: `${JSON.stringify(opaData(set), null, 2)}\n` },
    { filename: "policy.rego", contentType: "text/plain; charset=utf-8", body: POLICY_REGO },
  ];
}
