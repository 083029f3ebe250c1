// Decides which SBOM components an advisory affects (same ecosystem and package, version inside the
// affected semver range) and how urgent each finding is: the KEV → EPSS/CVSS priority ladder and
// P(any exploited) = 1 − Π(1 − pᵢ), both from DOMAIN.md ("Vulnerability prioritisation").
import semver from "semver";
import { parsePurl, type ParsedPurl } from "../catalog/match";
import { toSemverVersion, type Advisory } from "./advisory";

export interface MatchableComponent {
  purl: string;
  name: string;
  version: string | null;
}

export interface VulnerabilityMatch {
  purl: string;
  advisory: Advisory;
}

/** Package URL types (https://github.com/package-url/purl-spec) to the ecosystem ids of Advisory. */
const PURL_TYPE_TO_ECOSYSTEM: Record<string, string> = {
  npm: "npm",
  pypi: "pypi",
  maven: "maven",
  golang: "go",
  nuget: "nuget",
  gem: "rubygems",
  cargo: "crates.io",
  composer: "packagist",
  hex: "hex",
  pub: "pub",
};

/**
 * The key two spellings of one package share. npm, Maven, Go and RubyGems names are compared
 * exactly (npm once allowed upper case: "jQuery" and "jquery" are different packages); PyPI by its
 * PEP 503 normal form; NuGet and Packagist case-insensitively.
 */
export function packageKey(ecosystem: string, name: string): string {
  const trimmed = name.trim();
  let normal = trimmed;
  if (ecosystem === "pypi") normal = trimmed.toLowerCase().replace(/[-_.]+/g, "-");
  else if (ecosystem === "nuget" || ecosystem === "packagist") normal = trimmed.toLowerCase();
  return `${ecosystem}\u0000${normal}`;
}

function packageNameOf(ecosystem: string, p: ParsedPurl): string {
  const ns = p.namespace;
  if (!ns) return p.name;
  if (ecosystem === "npm") return `${ns.startsWith("@") ? ns : `@${ns}`}/${p.name}`;
  if (ecosystem === "maven") return `${ns}:${p.name}`;
  return `${ns}/${p.name}`;
}

/** Ecosystem, package name (spelled as advisories spell it) and version of a purl; null when unknown. */
export function purlPackage(purl: string): { ecosystem: string; name: string; version: string | null } | null {
  const parsed = parsePurl(purl);
  if (!parsed) return null;
  const ecosystem = PURL_TYPE_TO_ECOSYSTEM[parsed.type];
  if (!ecosystem) return null;
  return { ecosystem, name: packageNameOf(ecosystem, parsed), version: parsed.version ?? null };
}

const RANGE_OPTIONS = { loose: true, includePrerelease: false } as const;

/**
 * Components affected by advisories. Advisories are indexed by (ecosystem, package) and each range is
 * compiled once, so the cost is one map lookup per component plus one range test per advisory of its
 * package. `Range.test` with these options is `semver.satisfies(version, range, { includePrerelease:
 * false, loose: true })`: a pre-release (1.0.0-beta) matches only ranges that name a pre-release of the
 * same version. A version that is not semver ("latest", a git hash, a four-part Maven version) matches
 * nothing: no match is claimed that the range cannot decide. Non-npm versions such as "2.4" are padded
 * as in toSemverVersion. Each component purl is considered once.
 */
export function matchVulnerabilities(components: MatchableComponent[], advisories: Advisory[]): VulnerabilityMatch[] {
  // Ranges are compiled on first use: an SBOM touches few of a feed's packages.
  const index = new Map<string, { advisory: Advisory; range?: semver.Range | null }[]>();
  for (const advisory of advisories) {
    const key = packageKey(advisory.ecosystem, advisory.packageName);
    const list = index.get(key);
    if (list) list.push({ advisory });
    else index.set(key, [{ advisory }]);
  }

  const matches: VulnerabilityMatch[] = [];
  const seen = new Set<string>();
  for (const component of components) {
    if (seen.has(component.purl)) continue;
    seen.add(component.purl);
    const pkg = purlPackage(component.purl);
    if (!pkg) continue;
    const candidates = index.get(packageKey(pkg.ecosystem, pkg.name));
    if (!candidates) continue;
    const raw = component.version ?? pkg.version;
    const version = raw === null ? null : toSemverVersion(pkg.ecosystem, raw);
    if (version === null) continue;
    for (const entry of candidates) {
      if (entry.range === undefined) entry.range = compile(entry.advisory.vulnerableRange);
      if (entry.range?.test(version)) matches.push({ purl: component.purl, advisory: entry.advisory });
    }
  }
  return matches;
}

/** Parsers only emit valid ranges; a hand-built advisory with a bad one matches nothing. */
function compile(range: string): semver.Range | null {
  try {
    return new semver.Range(range, RANGE_OPTIONS);
  } catch {
    return null;
  }
}

/**
 * The lowest version above `current` that the advisory's patched range allows and its vulnerable
 * range does not, e.g. "4.17.5" for lodash 4.17.4 and patched ">=4.17.5"; null when none is known.
 */
export function fixedVersionFor(advisory: Advisory, current: string | null): string | null {
  if (!advisory.patchedRange) return null;
  const now = current === null ? null : toSemverVersion(advisory.ecosystem, current);
  let best: string | null = null;
  for (const part of advisory.patchedRange.split("||")) {
    let min: semver.SemVer | null = null;
    try {
      min = semver.minVersion(part.trim() || "*", { loose: true });
    } catch {
      min = null;
    }
    if (!min) continue;
    const v = min.version;
    if (now !== null && !semver.gt(v, now)) continue;
    if (semver.satisfies(v, advisory.vulnerableRange, RANGE_OPTIONS)) continue;
    if (best === null || semver.lt(v, best)) best = v;
  }
  return best;
}

export type Priority = "P1+" | "P1" | "P2" | "P3" | "P4";

/** CVSS at or above this counts as serious in the ladder. */
export const CVSS_THRESHOLD = 6;
/** EPSS at or above this counts as likely to be exploited in the ladder. */
export const EPSS_THRESHOLD = 0.2;

/**
 * The ladder from DOMAIN.md: KEV → P1+; CVSS ≥ 6 and EPSS ≥ 0.2 → P1; CVSS ≥ 6 → P2; EPSS ≥ 0.2 → P3;
 * else P4. An unknown CVSS or EPSS (null) never meets its threshold.
 */
export function prioritise(v: { cvss: number | null; epss: number | null; kev: boolean }): Priority {
  if (v.kev) return "P1+";
  const serious = v.cvss !== null && v.cvss >= CVSS_THRESHOLD;
  const likely = v.epss !== null && v.epss >= EPSS_THRESHOLD;
  if (serious && likely) return "P1";
  if (serious) return "P2";
  if (likely) return "P3";
  return "P4";
}

/** P(at least one is exploited) = 1 − Π(1 − pᵢ), assuming independence; values are clamped to 0–1, non-numbers ignored. */
export function anyExploitation(probabilities: number[]): number {
  let none = 1;
  for (const p of probabilities) {
    if (!Number.isFinite(p)) continue;
    none *= 1 - Math.min(1, Math.max(0, p));
  }
  return 1 - none;
}
