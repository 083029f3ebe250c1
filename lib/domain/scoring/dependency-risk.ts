// Contextual risk of one application's use of one provider (0–100, higher is
// riskier): the provider's weakness, weighted by the most sensitive data the
// application sends it, the application's criticality and its call volume.
// An application's risk combines its dependencies as 1 − Π(1 − rᵢ): every risky
// dependency adds, and the worst dominates. Documented in the README.

export type SensitivityClass = "none" | "internal" | "pii" | "payment" | "health" | "credentials";

export const SENSITIVITY: Record<SensitivityClass, number> = { none: 0.2, internal: 0.35, pii: 0.6, payment: 0.8, health: 0.85, credentials: 1 };
export const CRITICALITY_WEIGHT: Record<number, number> = { 1: 1, 2: 0.8, 3: 0.6, 4: 0.4 };
/** Weakness assumed for a provider without a graded score. */
export const UNKNOWN_WEAKNESS = 0.5;

/** Maps the classes observed on a dependency edge (or declared) to sensitivity classes. */
export function sensitivityOf(dataClass: string): SensitivityClass {
  switch (dataClass) {
    case "email":
    case "phone":
    case "name":
    case "national_id":
    case "pii":
      return "pii";
    case "card_number":
    case "pci":
    case "payment":
      return "payment";
    case "health_record":
    case "phi":
    case "health":
      return "health";
    case "jwt":
    case "api_key_in_query":
    case "credentials":
      return "credentials";
    case "internal":
      return "internal";
    default:
      return "none";
  }
}

export interface DependencyRiskInput {
  /** Provider reputation 0–100, or null when the provider has no graded score. */
  reputation: number | null;
  dataClasses: string[];
  criticality: number;
  calls: number;
}

export interface DependencyRisk {
  risk: number;
  weakness: number;
  sensitivity: SensitivityClass;
  sensitivityWeight: number;
  criticalityWeight: number;
  volumeWeight: number;
}

export function dependencyRisk(input: DependencyRiskInput): DependencyRisk {
  const weakness = input.reputation === null ? UNKNOWN_WEAKNESS : Math.min(1, Math.max(0, 1 - input.reputation / 100));
  const sensitivity = input.dataClasses.map(sensitivityOf).reduce<SensitivityClass>((worst, c) => (SENSITIVITY[c] > SENSITIVITY[worst] ? c : worst), "none");
  const sensitivityWeight = SENSITIVITY[sensitivity];
  const criticalityWeight = CRITICALITY_WEIGHT[input.criticality] ?? 0.6;
  const volumeWeight = 0.5 + 0.5 * Math.min(1, Math.log10(Math.max(0, input.calls) + 1) / 6);
  const risk = Math.round(100 * weakness * sensitivityWeight * criticalityWeight * volumeWeight * 10) / 10;
  return { risk, weakness, sensitivity, sensitivityWeight, criticalityWeight, volumeWeight };
}

/** 1 − Π(1 − rᵢ/100), on 0–100. Adding a dependency never lowers it. */
export function applicationRisk(risks: number[]): number {
  const safe = risks.reduce((p, r) => p * (1 - Math.min(100, Math.max(0, r)) / 100), 1);
  return Math.round((1 - safe) * 1000) / 10;
}

/** Team or portfolio roll-up: the criticality-weighted mean of application risks, and the worst. */
export function rollUp(apps: { risk: number; criticality: number }[]): { risk: number; worst: number } {
  if (!apps.length) return { risk: 0, worst: 0 };
  let sum = 0;
  let weight = 0;
  for (const a of apps) {
    const w = CRITICALITY_WEIGHT[a.criticality] ?? 0.6;
    sum += w * a.risk;
    weight += w;
  }
  return { risk: Math.round((sum / weight) * 10) / 10, worst: Math.max(...apps.map((a) => a.risk)) };
}
