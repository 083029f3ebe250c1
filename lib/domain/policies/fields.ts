// The fields a policy condition may read, their types and the operators each
// accepts. Reputation fields (a provider's score, grade, confidence, factor
// subscores, caps, KEV and attestations) also have a direction: a condition of
// a blocking policy may only ask for a *worse* provider, one of an allow policy
// only for a *better* one. With no negation in the condition language, that
// makes every decision monotone: a provider that gets worse can never move from
// quarantine to allow, whatever the policy set.
import { FACTORS } from "../scoring/types";
import type { ConditionOp, DecisionSubject } from "./types";

export type FieldType = "number" | "grade" | "boolean" | "string" | "set";

/** better: higher values (or true, or A) mean a better provider; worse: the opposite; caps list problems. */
type Direction = "higher-is-better" | "true-is-better" | "true-is-worse" | "problems";

export interface FieldSpec {
  type: FieldType;
  label: string;
  /** Allowed values of a string or set field, when closed. */
  values?: readonly string[];
  min?: number;
  max?: number;
  reputation?: Direction;
  read: (s: DecisionSubject) => unknown;
}

export const GRADES = ["A", "B", "C", "D", "F"] as const;
/** Higher is better: F 0 … A 4. */
export const GRADE_RANK: Record<string, number> = { F: 0, D: 1, C: 2, B: 3, A: 4 };

export const ATTESTATION_KINDS = ["soc2_type2", "iso27001", "pci_dss_aoc"] as const;
export const DATA_CLASSES = ["internal", "pii", "pci", "phi", "credentials"] as const;
export const TARGETS = ["provider", "internal_api", "unclassified"] as const;
export const SOURCES = ["traffic", "sbom", "catalog", "manual"] as const;
export const ENVIRONMENTS = ["production", "staging", "development", "test"] as const;
export const LIFECYCLES = ["planned", "development", "production", "deprecated", "retired"] as const;

const FIXED_FIELDS: Record<string, FieldSpec> = {
  "provider.slug": { type: "string", label: "provider", read: (s) => s.provider?.slug },
  "provider.score": { type: "number", label: "score", min: 0, max: 100, reputation: "higher-is-better", read: (s) => s.provider?.score },
  "provider.grade": { type: "grade", label: "grade", values: GRADES, reputation: "higher-is-better", read: (s) => s.provider?.grade },
  "provider.confidence": { type: "number", label: "confidence", min: 0, max: 1, reputation: "higher-is-better", read: (s) => s.provider?.confidence },
  "provider.caps": { type: "set", label: "caps applied", reputation: "problems", read: (s) => s.provider?.caps },
  "provider.kevInSdk": { type: "boolean", label: "KEV-listed vulnerability in its SDK", reputation: "true-is-worse", read: (s) => s.provider?.kevInSdk },
  "application.slug": { type: "string", label: "application", read: (s) => s.application.slug },
  "application.criticality": { type: "number", label: "tier", min: 1, max: 4, read: (s) => s.application.criticality },
  "application.team": { type: "string", label: "team", read: (s) => s.application.team },
  "application.environment": { type: "string", label: "environment", values: ENVIRONMENTS, read: (s) => s.application.environment },
  "application.lifecycle": { type: "string", label: "lifecycle", values: LIFECYCLES, read: (s) => s.application.lifecycle },
  "dependency.dataClasses": { type: "set", label: "data sent", values: DATA_CLASSES, read: (s) => s.dependency.dataClasses },
  "dependency.callsPerDay": { type: "number", label: "calls per day", min: 0, read: (s) => s.dependency.callsPerDay },
  "dependency.target": { type: "string", label: "target", values: TARGETS, read: (s) => s.dependency.target },
  "dependency.sources": { type: "set", label: "sources", values: SOURCES, read: (s) => s.dependency.sources },
  "dependency.host": { type: "string", label: "host", read: (s) => s.dependency.host },
};

/** Every field name a policy may use, for documentation and the form's picker. */
export const FIELD_NAMES: readonly string[] = [
  ...Object.keys(FIXED_FIELDS),
  ...FACTORS.map((f) => `provider.factor.${f}`),
  ...ATTESTATION_KINDS.map((k) => `provider.attestation.${k}`),
];

export function fieldSpec(field: string): FieldSpec | null {
  if (field in FIXED_FIELDS) return FIXED_FIELDS[field];
  const factor = /^provider\.factor\.([a-z_]+)$/.exec(field)?.[1];
  if (factor && (FACTORS as readonly string[]).includes(factor)) {
    return { type: "number", label: `${factor.replace(/_/g, " ")} subscore`, min: 0, max: 100, reputation: "higher-is-better", read: (s) => (s.provider ? (s.provider.factors[factor] ?? null) : undefined) };
  }
  const kind = /^provider\.attestation\.([a-z0-9_]+)$/.exec(field)?.[1];
  if (kind && (ATTESTATION_KINDS as readonly string[]).includes(kind)) {
    return { type: "boolean", label: `current ${kind} attestation`, reputation: "true-is-better", read: (s) => (s.provider ? s.provider.attestations.includes(kind) : undefined) };
  }
  return null;
}

export const OPS_BY_TYPE: Record<FieldType, readonly ConditionOp[]> = {
  number: ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn"],
  grade: ["eq", "ne", "lt", "lte", "gt", "gte", "in", "notIn"],
  boolean: ["eq", "ne"],
  string: ["eq", "ne", "in", "notIn"],
  set: ["contains", "in", "notIn"],
};

/**
 * Whether a condition on a reputation field asks for a worse provider ("worse"),
 * a better one ("better"), or neither consistently ("mixed"). Conditions on other
 * fields are "neutral".
 */
export function conditionDirection(spec: FieldSpec, op: ConditionOp, value: unknown): "worse" | "better" | "mixed" | "neutral" {
  switch (spec.reputation) {
    case undefined:
      return "neutral";
    case "higher-is-better":
      if (op === "lt" || op === "lte") return "worse";
      if (op === "gt" || op === "gte") return "better";
      // eq F (the worst grade) or eq 0 can only keep matching as a provider worsens.
      if (op === "eq" && (value === "F" || value === 0)) return "worse";
      if (op === "eq" && (value === "A" || value === 100 || (spec.max === 1 && value === 1))) return "better";
      return "mixed";
    case "true-is-better":
    case "true-is-worse": {
      const asksTrue = (op === "eq" && value === true) || (op === "ne" && value === false);
      const worseWhenTrue = spec.reputation === "true-is-worse";
      return asksTrue === worseWhenTrue ? "worse" : "better";
    }
    case "problems":
      return op === "notIn" ? "better" : "worse";
  }
}

export const OP_SYMBOLS: Record<ConditionOp, string> = { eq: "=", ne: "≠", lt: "<", lte: "≤", gt: ">", gte: "≥", in: "in", notIn: "not in", contains: "contains" };
