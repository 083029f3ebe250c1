import "server-only";
import { authenticationFactor, type AuthInput } from "@/lib/domain/scoring/analyst-factors";
import { httpHygieneFactor } from "@/lib/domain/scoring/http-grade";
import { transportFactor } from "@/lib/domain/scoring/tls-grade";
import type { FactorName, FactorResult, HttpProbeResult, TlsProbeResult } from "@/lib/domain/scoring/types";

/**
 * Signal evidence, by factor (what the signals table's `evidence` holds):
 * - transport: { probe: TlsProbeResult, hstsMaxAge?: number, recorded?: boolean }
 * - http_hygiene: { probe: HttpProbeResult, recorded?: boolean }
 * - authentication: AuthInput
 * - spec_hygiene: { factor: FactorResult, spec?: string }
 * - an override of any factor: { subscore: number } with a justification
 */
export interface SignalRow {
  /** The signal's id (score rows reference its probe by it). */
  id: string;
  factor: string;
  source: string;
  evidence: unknown;
  isOverride: boolean;
  justification: string | null;
  observedAt: Date;
}

function noData(name: FactorName, summary = "No data"): FactorResult {
  return { name, subscore: null, summary, evidence: {}, caps: [], improvements: [] };
}

/**
 * httpHygieneFactor of an answered probe depends on the probe's status, headers, CORS check,
 * certificate verification and URL scheme, never on the host (lib/domain/scoring/http-grade.ts): providers
 * answering alike share one graded result, computed once per rescore. The result keeps each provider's
 * own probe as evidence.
 */
function httpHygieneOf(probe: HttpProbeResult, memo: Map<string, FactorResult> | undefined): FactorResult {
  if (!memo || probe.error || probe.status === null || typeof probe.url !== "string") return httpHygieneFactor(probe);
  const key = JSON.stringify([probe.url.startsWith("https:"), probe.status, probe.headers, probe.cors, probe.verified]);
  let shared = memo.get(key);
  if (!shared) memo.set(key, (shared = httpHygieneFactor(probe)));
  return { ...shared, evidence: { probe, grade: shared.evidence.grade } };
}

/** Turns the latest signal of a probe-style factor into its factor result (`memo`: one per rescore, see httpHygieneOf). */
export function factorFromSignal(name: FactorName, signal: SignalRow | undefined, memo?: Map<string, FactorResult>): FactorResult {
  if (!signal) return noData(name);
  const evidence = (signal.evidence ?? {}) as Record<string, unknown>;
  const recorded = signal.source === "recorded_probe";
  let result: FactorResult;
  switch (name) {
    case "transport":
      result = transportFactor(evidence.probe as TlsProbeResult, { hstsMaxAge: typeof evidence.hstsMaxAge === "number" ? evidence.hstsMaxAge : undefined });
      break;
    case "http_hygiene":
      result = httpHygieneOf(evidence.probe as HttpProbeResult, memo);
      break;
    case "authentication":
      result = authenticationFactor(evidence as unknown as AuthInput);
      break;
    case "spec_hygiene":
      result = (evidence.factor as FactorResult | undefined) ?? noData(name);
      break;
    default:
      return noData(name);
  }
  return {
    ...result,
    summary: recorded ? `${result.summary} (recorded probe evidence)` : result.summary,
    evidence: { ...result.evidence, signalSource: signal.source, observedAt: signal.observedAt.toISOString() },
  };
}

/** An analyst's override replaces the subscore and says so; caps of the factor still apply. */
export function applyOverride(result: FactorResult, override: SignalRow | undefined): FactorResult {
  if (!override) return result;
  const subscore = Number((override.evidence as { subscore?: unknown }).subscore);
  if (!Number.isFinite(subscore)) return result;
  return {
    ...result,
    subscore: Math.min(100, Math.max(0, subscore)),
    summary: `Overridden to ${subscore} by an analyst: ${override.justification ?? ""} (measured: ${result.subscore ?? "no data"})`,
    evidence: { ...result.evidence, override: { subscore, justification: override.justification, at: override.observedAt.toISOString(), measured: result.subscore } },
    improvements: [],
  };
}
