// The CI gate's result: one application's dependencies, each with the decision the
// connectivity policies give it and where the gate learned of it (inventory, SBOM,
// a --hosts list, an OpenAPI spec). The formats in this folder only read it.
import type { Decision } from "../types";

export type GateOrigin = "inventory" | "sbom" | "hosts" | "openapi";

export interface GateItem {
  /** Provider name or host shown to people. */
  target: string;
  /** Provider slug. */
  provider: string | null;
  host: string | null;
  /** Where the gate learned of this dependency. */
  origin: GateOrigin;
  /** For sbom items: the component purl that implied the provider; for openapi: the spec's server URL. */
  evidence: string | null;
  /** Location in the input file when known, e.g. {file: "bom.json", line: 12} (for SARIF locations). */
  location?: { file: string; line?: number } | null;
  decision: Decision;
}

export interface GateInputError {
  file: string;
  location: string;
  reason: string;
}

export interface GateResult {
  /** The application's slug. */
  application: string;
  /** ISO 8601 timestamp of the evaluation. */
  evaluatedAt: string;
  items: GateItem[];
  inputErrors?: GateInputError[];
}
