// The sdk_vulnerabilities factor: how exposed the applications are through the provider SDK versions
// they use. Each distinct vulnerability costs points by its priority (DOMAIN.md's KEV → EPSS/CVSS
// ladder), with diminishing weight, and a known-exploited one caps the grade at D.
import semver from "semver";
import { parsePurl } from "../catalog/match";
import { toSemverVersion } from "../vulns/advisory";
import { anyExploitation, prioritise, purlPackage, type Priority } from "../vulns/match";
import type { FactorResult, Improvement, ScoreCap } from "./types";

export interface SdkComponentUse {
  purl: string;
  providerSlug: string;
  application: string;
}

export interface SdkVulnerability {
  purl: string;
  id: string;
  aliases: string[];
  cvss: number | null;
  epss: number | null;
  kev: boolean;
  fixedIn: string | null;
}

export interface SdkVulnerabilityInput {
  sdkComponents: SdkComponentUse[];
  vulnerabilities: SdkVulnerability[];
}

/** Points one vulnerability costs, by priority. */
export const PRIORITY_PENALTY: Record<Priority, number> = { "P1+": 60, P1: 40, P2: 25, P3: 10, P4: 5 };

export const KEV_CAP_ID = "kev-sdk";

/**
 * 100 minus the penalties sorted worst first, the i-th (from 0) weighted 1/(i+1): one P1 leaves 60, a
 * second P1 costs 20 more, and ten P4s together cost 15 rather than 50. Floor 0, one decimal.
 */
export function sdkVulnerabilitySubscore(penalties: number[]): number {
  const sorted = [...penalties].sort((a, b) => b - a);
  const total = sorted.reduce((sum, p, i) => sum + p / (i + 1), 0);
  return Math.max(0, Math.round((100 - total) * 10) / 10);
}

/** Qualifiers and subpath do not make a different SDK version. */
function purlKey(purl: string): string {
  const p = parsePurl(purl);
  return p ? `${p.type}/${p.namespace ?? ""}/${p.name}@${p.version ?? ""}` : purl.trim();
}

interface SdkUse {
  purl: string;
  ecosystem: string;
  packageName: string;
  version: string;
  applications: Set<string>;
  providers: Set<string>;
}

interface Occurrence {
  use: SdkUse;
  fixedIn: string | null;
}

interface Finding {
  /** The CVE id when the vulnerability has one, so GHSA and CVE spellings count once. */
  key: string;
  id: string;
  aliases: Set<string>;
  cvss: number | null;
  epss: number | null;
  kev: boolean;
  occurrences: Map<string, Occurrence>;
}

function identity(v: SdkVulnerability): string {
  const cves = [v.id, ...v.aliases].filter((x) => /^CVE-\d{4}-\d+$/i.test(x)).map((x) => x.toUpperCase()).sort();
  return cves[0] ?? v.id;
}

const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
const sortedList = (s: Iterable<string>) => [...new Set(s)].sort((a, b) => a.localeCompare(b));

/** Orders fix versions of one package; falls back to a numeric-aware string order for non-semver ones. */
function compareVersions(ecosystem: string, a: string, b: string): number {
  const va = toSemverVersion(ecosystem, a);
  const vb = toSemverVersion(ecosystem, b);
  return va && vb ? semver.compare(va, vb) : a.localeCompare(b, "en", { numeric: true });
}

function collect(input: SdkVulnerabilityInput): { uses: Map<string, SdkUse>; findings: Finding[]; ignored: number } {
  const uses = new Map<string, SdkUse>();
  for (const c of input.sdkComponents) {
    const key = purlKey(c.purl);
    const pkg = purlPackage(c.purl);
    const parsed = parsePurl(c.purl);
    const use = uses.get(key) ?? {
      purl: c.purl,
      ecosystem: pkg?.ecosystem ?? parsed?.type ?? "unknown",
      packageName: pkg?.name ?? parsed?.name ?? c.purl,
      version: pkg?.version ?? parsed?.version ?? "unknown version",
      applications: new Set<string>(),
      providers: new Set<string>(),
    };
    use.applications.add(c.application);
    use.providers.add(c.providerSlug);
    uses.set(key, use);
  }
  const byKey = new Map<string, Finding>();
  let ignored = 0;
  for (const v of input.vulnerabilities) {
    const use = uses.get(purlKey(v.purl));
    if (!use) {
      ignored++;
      continue;
    }
    const key = identity(v);
    const f = byKey.get(key) ?? { key, id: v.id, aliases: new Set<string>(), cvss: null, epss: null, kev: false, occurrences: new Map() };
    for (const a of [v.id, ...v.aliases]) if (a !== f.id) f.aliases.add(a);
    f.cvss = max(f.cvss, v.cvss);
    f.epss = max(f.epss, v.epss);
    f.kev ||= v.kev;
    const prev = f.occurrences.get(use.purl);
    const fixedIn = prev?.fixedIn && v.fixedIn ? (compareVersions(use.ecosystem, prev.fixedIn, v.fixedIn) >= 0 ? prev.fixedIn : v.fixedIn) : (prev?.fixedIn ?? v.fixedIn);
    f.occurrences.set(use.purl, { use, fixedIn });
    byKey.set(key, f);
  }
  const findings = [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { uses, findings, ignored };
}

const penaltyOf = (f: Finding) => PRIORITY_PENALTY[prioritise(f)];

function upgrades(findings: Finding[], subscore: number, kevNow: boolean): Improvement[] {
  const byPackage = new Map<string, { pkg: string; target: string; apps: Set<string>; fixes: Set<string> }>();
  for (const f of findings) {
    for (const o of f.occurrences.values()) {
      if (o.fixedIn === null) continue;
      const key = `${o.use.ecosystem}\u0000${o.use.packageName}`;
      const u = byPackage.get(key) ?? { pkg: o.use.packageName, target: o.fixedIn, apps: new Set<string>(), fixes: new Set<string>() };
      if (compareVersions(o.use.ecosystem, o.fixedIn, u.target) > 0) u.target = o.fixedIn;
      o.use.applications.forEach((a) => u.apps.add(a));
      u.fixes.add(`${f.key}\u0000${o.use.purl}`);
      byPackage.set(key, u);
    }
  }
  const improvements: Improvement[] = [];
  for (const u of [...byPackage.values()].sort((a, b) => a.pkg.localeCompare(b.pkg) || a.target.localeCompare(b.target))) {
    const pkg = u.pkg;
    // A vulnerability goes away only when every SDK version it affects is upgraded.
    const remaining = findings.filter((f) => [...f.occurrences.values()].some((o) => !u.fixes.has(`${f.key}\u0000${o.use.purl}`)));
    const after = sdkVulnerabilitySubscore(remaining.map(penaltyOf));
    const removesKev = kevNow && !remaining.some((f) => f.kev);
    if (after <= subscore && !removesKev) continue;
    improvements.push({
      factor: "sdk_vulnerabilities",
      action: `Upgrade ${pkg} to ${u.target} in ${sortedList(u.apps).join(", ")}`,
      subscoreAfter: after,
      ...(removesKev ? { removesCaps: [KEV_CAP_ID] } : {}),
    });
  }
  return improvements;
}

function kevCap(findings: Finding[]): ScoreCap[] {
  const hits = findings
    .filter((f) => f.kev)
    .flatMap((f) => [...f.occurrences.values()].map((o) => ({ f, o })))
    .sort((a, b) => a.f.key.localeCompare(b.f.key) || a.o.use.purl.localeCompare(b.o.use.purl));
  if (hits.length === 0) return [];
  const { f, o } = hits[0];
  const more = hits.length > 1 ? `; ${hits.length - 1} more known-exploited finding(s) in SDKs` : "";
  return [
    {
      id: KEV_CAP_ID,
      factor: "sdk_vulnerabilities",
      maxGrade: "D",
      reason: `Known-exploited vulnerability ${f.key} in ${o.use.packageName}@${o.use.version} (used by ${sortedList(o.use.applications).join(", ")})${more}`,
    },
  ];
}

/**
 * Scores the SDK versions in use: null without SDK components (no data), 100 when none has a known
 * vulnerability. A vulnerability is counted once however many SDK versions and applications it
 * affects (its CVE alias joins GHSA and CVE spellings); vulnerabilities of non-SDK purls are ignored.
 */
export function sdkVulnerabilityFactor(input: SdkVulnerabilityInput): FactorResult {
  if (input.sdkComponents.length === 0) {
    return { name: "sdk_vulnerabilities", subscore: null, summary: "No provider SDKs found in the applications' SBOMs", evidence: { sdkVersions: [] }, caps: [], improvements: [] };
  }
  const { uses, findings, ignored } = collect(input);
  const apps = sortedList([...uses.values()].flatMap((u) => [...u.applications]));
  const penalties = findings.map(penaltyOf);
  const subscore = sdkVulnerabilitySubscore(penalties);
  const caps = kevCap(findings);

  const counts: Record<Priority, number> = { "P1+": 0, P1: 0, P2: 0, P3: 0, P4: 0 };
  findings.forEach((f) => counts[prioritise(f)]++);
  const epss = findings.map((f) => f.epss).filter((p): p is number => p !== null);
  const affectedVersions = new Set(findings.flatMap((f) => [...f.occurrences.keys()]));
  const breakdown = (Object.keys(counts) as Priority[]).filter((p) => counts[p] > 0).map((p) => `${counts[p]} ${p === "P1+" ? "known-exploited" : p}`);

  return {
    name: "sdk_vulnerabilities",
    subscore,
    summary:
      findings.length === 0
        ? `No known vulnerabilities in ${uses.size} SDK version(s) used by ${apps.length} application(s)`
        : `${findings.length} known vulnerabilit${findings.length === 1 ? "y" : "ies"} in ${affectedVersions.size} of ${uses.size} SDK version(s) (${breakdown.join(", ")})`,
    evidence: {
      sdkVersions: [...uses.values()].map((u) => ({ purl: u.purl, package: u.packageName, version: u.version, applications: sortedList(u.applications), providers: sortedList(u.providers) })),
      vulnerabilities: findings.map((f) => ({
        id: f.key,
        aliases: sortedList([f.id, ...f.aliases].filter((a) => a !== f.key)),
        priority: prioritise(f),
        penalty: penaltyOf(f),
        cvss: f.cvss,
        epss: f.epss,
        kev: f.kev,
        affects: [...f.occurrences.values()].map((o) => ({ purl: o.use.purl, package: o.use.packageName, version: o.use.version, applications: sortedList(o.use.applications), fixedIn: o.fixedIn })),
      })),
      byPriority: counts,
      exploitationProbability: epss.length ? Math.round(anyExploitation(epss) * 10000) / 10000 : null,
      ignoredNonSdkVulnerabilities: ignored,
      penalties: PRIORITY_PENALTY,
    },
    caps,
    improvements: upgrades(findings, subscore, caps.length > 0),
  };
}
