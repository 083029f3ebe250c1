// Gate results for the format tests: decisions written as literal objects, one of each
// kind (quarantine, require approval, alert, default, exception, plain allow), so every
// format is checked against the same dependencies. Test support only.
import type { Decision, PolicyAction, PolicyRef } from "../types";
import type { GateItem, GateResult } from "./types";

export const blockGradeF: PolicyRef = { id: "pol-1", name: "Block grade F", priority: 10, mode: "enforce", action: "quarantine" };
export const paymentsNeedApproval: PolicyRef = { id: "pol-2", name: "Payments need approval", priority: 20, mode: "enforce", action: "require_approval" };
export const allowGraded: PolicyRef = { id: "pol-3", name: "Allow graded providers", priority: 90, mode: "enforce", action: "allow" };

export function decision(action: PolicyAction, policy: PolicyRef | null, reason: string, extra: Partial<Decision> = {}): Decision {
  return { decision: action, policy, mode: policy ? "enforce" : "default", reason, evidence: {}, exception: null, overridden: null, monitored: [], ...extra };
}

export function item(target: string, d: Decision, extra: Partial<GateItem> = {}): GateItem {
  return { target, provider: null, host: null, origin: "inventory", evidence: null, location: null, decision: d, ...extra };
}

export const quarantined = item("evil.example", decision("quarantine", blockGradeF, "Grade F < D and sends pii", { evidence: { "provider.grade": "F", "dependency.dataClasses": ["pii"] } }), {
  host: "evil.example",
  origin: "hosts",
});

export const needsApproval = item("Stripe", decision("require_approval", paymentsNeedApproval, "Sends payment and tier-1 application"), {
  provider: "stripe",
  host: "api.stripe.com",
  origin: "sbom",
  evidence: "pkg:npm/stripe@14.0.0",
  location: { file: "bom.json", line: 12 },
});

export const alerted = item("api.unknown.io", decision("alert", null, "No policy matched: the default action (alert) applies"), {
  host: "api.unknown.io",
  origin: "openapi",
  evidence: "https://api.unknown.io/v1",
  location: { file: "specs/my api.yaml", line: 3 },
});

export const excepted = item(
  "Twilio",
  decision("allow", blockGradeF, "Exception for growth-team until 2027-03-01 (migration to another SMS provider); without it: quarantine, grade F < D", {
    mode: "exception",
    exception: { id: "exc-7", owner: "growth-team", justification: "migration to another SMS provider", expiresAt: "2027-03-01T00:00:00.000Z" },
    overridden: "quarantine",
  }),
  { provider: "twilio", host: "api.twilio.com", origin: "inventory" },
);

export const allowed = (n: number): GateItem[] =>
  Array.from({ length: n }, (_, i) => item(`Provider ${String(i + 1).padStart(2, "0")}`, decision("allow", allowGraded, "Grade A ≥ B"), { provider: `provider-${i + 1}` }));

/** 1 quarantine, 1 require approval, 1 alert, 12 allowed (one of them by exception). */
export function sampleResult(overrides: Partial<GateResult> = {}): GateResult {
  return { application: "checkout", evaluatedAt: "2026-12-06T12:00:00.000Z", items: [...allowed(11), excepted, alerted, quarantined, needsApproval], ...overrides };
}
