// Decides what a CVSS vector string is worth: its version, base score and qualitative severity.
// Scores come from ae-cvss-calculator (FIRST's v2.0, v3.0, v3.1 and v4.0 formulas); severity bands are
// FIRST's v3.x/v4.0 table (Low 0.1–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10) and NVD's v2 table.
import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from "ae-cvss-calculator";

export type CvssVersion = "3.0" | "3.1" | "4.0" | "2.0";
export type CvssSeverity = "none" | "low" | "medium" | "high" | "critical";

export interface ParsedCvss {
  version: CvssVersion;
  /** The base score: CVSS-B for v4.0 (threat and environmental metrics ignored), the base score for v2/v3. */
  baseScore: number;
  severity: CvssSeverity;
  /** The vector as given, trimmed (and without the parentheses NVD puts around v2 vectors). */
  vector: string;
}

/** Base metrics every vector of a version must define (and not as "X"); the calculator itself accepts partial vectors. */
const REQUIRED_METRICS: Record<CvssVersion, readonly string[]> = {
  "2.0": ["AV", "AC", "Au", "C", "I", "A"],
  "3.0": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
  "3.1": ["AV", "AC", "PR", "UI", "S", "C", "I", "A"],
  "4.0": ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"],
};

const METRIC_RE = /^[A-Za-z]+:[A-Za-z]+$/;
const PREFIX_RE = /^CVSS:(\d+\.\d+)\/(.*)$/;

/** FIRST's qualitative rating for v3.x and v4.0 scores. */
export function cvssSeverity(score: number): CvssSeverity {
  if (!(score > 0)) return "none";
  if (score < 4) return "low";
  if (score < 7) return "medium";
  if (score < 9) return "high";
  return "critical";
}

/** NVD's rating for v2 scores, which has no "none" or "critical": Low 0–3.9, Medium 4–6.9, High 7–10. */
function cvss2Severity(score: number): CvssSeverity {
  if (score < 4) return "low";
  if (score < 7) return "medium";
  return "high";
}

function splitVector(input: string): { version: CvssVersion; body: string } | null {
  let text = input.trim();
  if (text.startsWith("(") && text.endsWith(")")) text = text.slice(1, -1);
  const prefixed = PREFIX_RE.exec(text);
  if (prefixed) {
    const version = prefixed[1];
    if (version !== "2.0" && version !== "3.0" && version !== "3.1" && version !== "4.0") return null;
    return { version, body: prefixed[2] };
  }
  // Without a prefix only v2 is unambiguous (NVD writes "AV:N/AC:L/Au:N/..."); a bare v3 vector could be 3.0 or 3.1.
  if (text.startsWith("CVSS:") || !/(^|\/)Au:/.test(text)) return null;
  return { version: "2.0", body: text };
}

/**
 * Checks the grammar before handing the vector to the calculator, which is lenient: it accepts partial
 * vectors (scoring them 0), "AV:N:X", empty segments and repeated metrics (last one wins), and picks
 * the version by prefix alone, so " CVSS:3.1/..." with a leading space is scored as v3.0.
 */
function wellFormed(version: CvssVersion, body: string): boolean {
  const parts = body.split("/");
  const seen = new Set<string>();
  for (const part of parts) {
    if (!METRIC_RE.test(part)) return false;
    const key = part.slice(0, part.indexOf(":"));
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return REQUIRED_METRICS[version].every((m) => seen.has(m) && !parts.includes(`${m}:X`));
}

function score(version: CvssVersion, body: string): number | null {
  switch (version) {
    case "2.0": {
      const v = new Cvss2(body);
      return v.isBaseFullyDefined() ? (v.calculateScores().base ?? null) : null;
    }
    case "3.0": {
      const v = new Cvss3P0(`CVSS:3.0/${body}`);
      return v.isBaseFullyDefined() ? (v.calculateScores().base ?? null) : null;
    }
    case "3.1": {
      const v = new Cvss3P1(`CVSS:3.1/${body}`);
      return v.isBaseFullyDefined() ? (v.calculateScores().base ?? null) : null;
    }
    case "4.0": {
      // For v4.0 the library's `base` (and `overall`) already include threat and environmental metrics;
      // `baseMetricsOnly` is the CVSS-B score.
      const v = new Cvss4P0(`CVSS:4.0/${body}`);
      return v.isBaseFullyDefined() ? (v.calculateScores().baseMetricsOnly ?? null) : null;
    }
  }
}

/** v4.0 scoring takes ~1 ms per vector; advisories share vectors, so results are memoised (bounded). */
const MEMO_LIMIT = 10_000;
const memo = new Map<string, ParsedCvss | null>();

/**
 * Parses and scores a CVSS v2.0, v3.0, v3.1 or v4.0 vector. Returns null for anything that is not a
 * complete, well-formed vector (unknown version, missing or repeated base metrics, unknown values);
 * never throws.
 */
export function parseCvssVector(vector: string): ParsedCvss | null {
  if (typeof vector !== "string" || vector.length > 512) return null;
  const cached = memo.get(vector);
  if (cached !== undefined) return cached;

  let result: ParsedCvss | null = null;
  const split = splitVector(vector);
  if (split && wellFormed(split.version, split.body)) {
    try {
      const base = score(split.version, split.body);
      if (base !== null && Number.isFinite(base) && base >= 0 && base <= 10) {
        const display = vector.trim().replace(/^\((.*)\)$/, "$1");
        result = {
          version: split.version,
          baseScore: base,
          severity: split.version === "2.0" ? cvss2Severity(base) : cvssSeverity(base),
          vector: display,
        };
      }
    } catch {
      result = null; // unknown metric or value
    }
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(vector, result);
  return result;
}
