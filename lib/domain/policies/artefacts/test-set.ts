// Builders of enforcement sets for the artefact tests: a small portfolio with a
// host blocked for every application, a host blocked for one application only,
// a wildcard host, allowed hosts, and hostile strings where data may carry them.

import type { EnforcementEntry, EnforcementSet } from "./types";

export function entry(overrides: Partial<EnforcementEntry> & Pick<EnforcementEntry, "application" | "host">): EnforcementEntry {
  return { provider: null, providerName: null, decision: "allow", policy: null, reason: "No policy matched", since: null, ...overrides };
}

/**
 * checkout and billing both call api.badpay.io (quarantined for both), tracker.example.net
 * (checkout: require approval; billing: allow) and api.stripe.com (allowed); checkout also
 * calls *.analytics.example (quarantined by pattern) and logs.example.org (alert).
 */
export function portfolio(): EnforcementSet {
  const badpay = { provider: "badpay", providerName: "BadPay", decision: "quarantine" as const, policy: "Block grade F", reason: "Grade F < C and sends pii", since: "2026-06-01T00:00:00.000Z" };
  return {
    generatedAt: "2026-06-30T12:00:00.000Z",
    scope: { kind: "all" },
    entries: [
      entry({ application: "checkout", host: "api.stripe.com", provider: "stripe", providerName: "Stripe" }),
      entry({ application: "billing", host: "api.stripe.com", provider: "stripe", providerName: "Stripe" }),
      entry({ application: "checkout", host: "api.badpay.io", ...badpay }),
      entry({ application: "billing", host: "api.badpay.io", ...badpay }),
      entry({ application: "checkout", host: "tracker.example.net", decision: "require_approval", policy: "New hosts need approval", reason: "Unclassified host" }),
      entry({ application: "billing", host: "tracker.example.net" }),
      entry({ application: "checkout", host: "*.analytics.example", provider: "adco", providerName: "AdCo", decision: "quarantine", policy: "No ad trackers", reason: "Sends pii to an ad network" }),
      entry({ application: "checkout", host: "logs.example.org", decision: "alert", policy: "Watch logging", reason: "Sends logs" }),
    ],
  };
}

export const HOSTILE_REASON = 'Grade F"\n}\n---\nkind: Evil # {"x": 1}\r\n;include /etc/passwd;';
export const HOSTILE_HOST = "evil.com;\n}";

/** The portfolio plus a quarantined hostile host and hostile reason and policy name. */
export function hostilePortfolio(): EnforcementSet {
  const set = portfolio();
  set.entries.push(
    entry({ application: "checkout", host: HOSTILE_HOST, decision: "quarantine", policy: 'P"}\n{', reason: HOSTILE_REASON }),
    entry({ application: "billing", host: "bad.example.com", decision: "quarantine", policy: "Policy\n# injected", reason: HOSTILE_REASON }),
  );
  return set;
}

/** Nothing blocked: only allowed and alerted dependencies. */
export function quietSet(): EnforcementSet {
  return {
    generatedAt: "2026-06-30T12:00:00.000Z",
    scope: { kind: "all" },
    entries: [entry({ application: "checkout", host: "api.stripe.com" }), entry({ application: "billing", host: "logs.example.org", decision: "alert", reason: "Sends logs" })],
  };
}
