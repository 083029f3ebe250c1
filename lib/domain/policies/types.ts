// The shapes of connectivity policies and the decisions they produce. A policy
// says what to do (allow, alert, require approval, quarantine) with the traffic
// between an application and a provider (or an unclassified host) when its
// conditions hold; the decision names the policy, the reason and the evidence.

export const POLICY_ACTIONS = ["allow", "alert", "require_approval", "quarantine"] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** How severe an action is: decisions and counts order by it. */
export const ACTION_SEVERITY: Record<PolicyAction, number> = { allow: 0, alert: 1, require_approval: 2, quarantine: 3 };

export const ACTION_LABELS: Record<PolicyAction, string> = {
  allow: "Allow",
  alert: "Alert",
  require_approval: "Require approval",
  quarantine: "Quarantine",
};

/** enforce: the policy decides; monitor: it records what it would have decided and changes nothing. */
export const POLICY_MODES = ["enforce", "monitor"] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

export const CONDITION_OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn", "contains"] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export type ConditionValue = string | number | boolean | (string | number)[];

export interface LeafCondition {
  field: string;
  op: ConditionOp;
  value: ConditionValue;
}
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] };

export interface PolicyDefinition {
  name: string;
  description?: string;
  /** Lower runs first. */
  priority: number;
  mode: PolicyMode;
  action: PolicyAction;
  enabled: boolean;
  conditions: { all: Condition[] } | { any: Condition[] };
}

/** A stored policy: its definition plus its id. */
export interface Policy extends PolicyDefinition {
  id?: string;
}

/** An exception lets one application keep calling one provider (or host) whatever the policies say, until it expires. */
export interface PolicyException {
  id: string;
  owner: string;
  justification: string;
  expiresAt: Date;
}

/** What a decision is about: one application's dependency on a provider or an unclassified host. */
export interface DecisionSubject {
  application: {
    slug: string;
    /** 1 mission critical … 4 administrative. */
    criticality: number;
    /** Owning team's slug, or null. */
    team: string | null;
    environment: string;
    lifecycle: string;
  };
  /** Null when the host belongs to no known provider (an unclassified or internal dependency). */
  provider: {
    slug: string;
    name: string;
    /** 0–100, null when never scored. */
    score: number | null;
    /** Letter grade with caps applied, null when ungraded. */
    grade: string | null;
    /** 0–1 share of the model's weight that had evidence; null when never scored. */
    confidence: number | null;
    /** Factor subscores (0–100) by factor name; a factor without data is absent or null. */
    factors: Record<string, number | null>;
    /** Ids of the caps applied to the score (e.g. "kev-sdk", "expired-certificate"). */
    caps: string[];
    /** A vulnerability listed in CISA KEV affects an SDK of this provider in use. */
    kevInSdk: boolean;
    /** Attestation kinds present and unexpired (soc2_type2, iso27001, pci_dss_aoc). */
    attestations: string[];
  } | null;
  dependency: {
    target: "provider" | "internal_api" | "unclassified";
    /** The host asked about or first observed (null for an SBOM-only dependency). */
    host: string | null;
    /** Data classes sent: observed on the edge, plus the application's declared classes unless an analyst narrowed them. */
    dataClasses: string[];
    callsPerDay: number;
    /** traffic, sbom, catalog, manual. */
    sources: string[];
  };
}

export interface PolicyRef {
  id?: string;
  name: string;
  priority: number;
  mode: PolicyMode;
  action: PolicyAction;
}

export interface Decision {
  decision: PolicyAction;
  /** The enforced policy that decided, or null when none matched (the default action applies). */
  policy: PolicyRef | null;
  /** "enforce" when a policy decided, "default" when none matched, "exception" when an exception overrode the policy. */
  mode: "enforce" | "default" | "exception";
  /** In words: "grade D < C and sends pii". */
  reason: string;
  /** The values the deciding policy read, by field. */
  evidence: Record<string, unknown>;
  exception: { id: string; owner: string; justification: string; expiresAt: string } | null;
  /** What the policy would have decided had no exception applied. */
  overridden: PolicyAction | null;
  /** Monitor-mode policies that matched before the deciding one: what they would have done. */
  monitored: { policy: PolicyRef; action: PolicyAction; reason: string }[];
}
