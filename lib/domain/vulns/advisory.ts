// Decides what Sibyl keeps of a vulnerability advisory: one normalised record per (advisory, package),
// affected versions as a node-semver range. Sources: nodejs/security-wg `vuln/npm/*.json` and OSV records
// (https://ossf.github.io/osv-schema/; range conversion in osv-ranges.ts). Problems are reported by JSON path.
import { z } from "zod";
import semver from "semver";
import type { IngestProblem } from "../ingest/types";
import { cvssSeverity, parseCvssVector } from "./cvss";
import { osvRangesToSemver, toSemverVersion } from "./osv-ranges";

export { toSemverVersion };

export type AdvisoryEcosystem = "npm" | "pypi" | "maven" | "go" | "nuget" | "rubygems" | (string & {});

export interface Advisory {
  id: string;
  /** Other ids of the same vulnerability: CVE ids, GHSA ids. */
  aliases: string[];
  ecosystem: AdvisoryEcosystem;
  /** As the ecosystem spells it: "@scope/name" (npm), "group:artifact" (Maven), the module path (Go). */
  packageName: string;
  /** semver range expression of affected versions */
  vulnerableRange: string;
  patchedRange: string | null;
  cvss: { vector: string; score: number; version: string } | null;
  /** "none" | "low" | "medium" | "high" | "critical", from the CVSS score or the source's own rating. */
  severity: string | null;
  title: string;
  published: string | null;
  source: "osv" | "npm-security-wg" | "sbom";
}

export type NpmAdvisoryResult = { advisory: Advisory; problems: IngestProblem[] } | { advisory: null; problems: IngestProblem[] };
export interface AdvisoryList { advisories: Advisory[]; problems: IngestProblem[] }

/** Beyond this many problems only a count is kept, so a hostile feed cannot balloon the report. */
const MAX_PROBLEMS = 500;

export class ProblemList {
  readonly items: IngestProblem[] = [];
  private dropped = 0;
  add(location: string, reason: string): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ location, reason });
    else this.dropped++;
  }
  /** Problems added so far, listed or not. */
  get size(): number {
    return this.items.length + this.dropped;
  }
  finish(): IngestProblem[] {
    if (this.dropped > 0) this.items.push({ location: "$", reason: `${this.dropped} further problems not listed` });
    return this.items;
  }
}

/** "$" + ["affected", 0, "package"] -> "$.affected[0].package" */
export function jsonPath(base: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${acc}.${name}` : `${acc}[${JSON.stringify(name)}]`;
  }, base);
}

function addZodIssues(problems: ProblemList, base: string, error: z.ZodError): void {
  for (const issue of error.issues) problems.add(jsonPath(base, issue.path), issue.message);
}

const CVE_RE = /^CVE-\d{4}-\d{4,}$/;
const RANGE_OPTIONS = { loose: true } as const;

// ---------- nodejs/security-wg npm advisories ----------

const npmWgSchema = z.object({
  id: z.union([z.number().int().nonnegative(), z.string().min(1)]),
  module_name: z.string().trim().min(1),
  vulnerable_versions: z.string().trim().min(1),
  patched_versions: z.string().nullish(),
  cves: z.array(z.unknown()).nullish(),
  cvss_vector: z.string().nullish(),
  cvss_score: z.number().nullish(),
  title: z.string().nullish(),
  publish_date: z.string().nullish(),
  created_at: z.string().nullish(),
});

/**
 * The vector is authoritative: 23 of the 467 security-wg advisories state a cvss_score that is not
 * their vector's base score (e.g. 9.3 for a vector that scores 7.5). A stated score without a usable
 * vector only sets the severity; -1 is the feed's "not scored".
 */
function cvssFromVector(vector: string | null | undefined, stated: number | null | undefined, base: string, problems: ProblemList): Pick<Advisory, "cvss" | "severity"> {
  const statedOk = typeof stated === "number" && stated >= 0 && stated <= 10 ? stated : null;
  if (vector) {
    const parsed = parseCvssVector(vector);
    if (parsed) {
      if (statedOk !== null && Math.abs(statedOk - parsed.baseScore) > 0.05) {
        problems.add(`${base}.cvss_score`, `stated score ${statedOk} is not the base score of cvss_vector (${parsed.baseScore}); using the vector's`);
      }
      return { cvss: { vector: parsed.vector, score: parsed.baseScore, version: parsed.version }, severity: parsed.severity };
    }
    problems.add(`${base}.cvss_vector`, `"${vector}" is not a valid CVSS vector`);
  }
  return { cvss: null, severity: statedOk === null ? null : cvssSeverity(statedOk) };
}

/** One advisory file of nodejs/security-wg `vuln/npm/<id>.json`. `base` is its JSON path in a larger input. */
export function parseNpmSecurityWgAdvisory(json: unknown, base = "$"): NpmAdvisoryResult {
  const problems = new ProblemList();
  const parsed = npmWgSchema.safeParse(json);
  if (!parsed.success) {
    addZodIssues(problems, base, parsed.error);
    return { advisory: null, problems: problems.finish() };
  }
  const a = parsed.data;
  if (semver.validRange(a.vulnerable_versions, RANGE_OPTIONS) === null) {
    problems.add(`${base}.vulnerable_versions`, `"${a.vulnerable_versions}" is not a semver range`);
    return { advisory: null, problems: problems.finish() };
  }
  let patchedRange: string | null = a.patched_versions?.trim() || null;
  if (patchedRange !== null && semver.validRange(patchedRange, RANGE_OPTIONS) === null) {
    problems.add(`${base}.patched_versions`, `"${patchedRange}" is not a semver range; ignored`);
    patchedRange = null;
  }
  const aliases: string[] = [];
  (a.cves ?? []).forEach((cve, i) => {
    if (typeof cve === "string" && CVE_RE.test(cve.trim())) {
      if (!aliases.includes(cve.trim())) aliases.push(cve.trim());
    } else problems.add(`${base}.cves[${i}]`, "not a CVE id; ignored");
  });
  const advisory: Advisory = {
    id: `npm-security-wg:${a.id}`,
    aliases,
    ecosystem: "npm",
    packageName: a.module_name,
    vulnerableRange: a.vulnerable_versions,
    patchedRange,
    ...cvssFromVector(a.cvss_vector, a.cvss_score, base, problems),
    title: a.title?.trim() || `Vulnerability in ${a.module_name}`,
    published: a.publish_date ?? a.created_at ?? null,
    source: "npm-security-wg",
  };
  return { advisory, problems: problems.finish() };
}

/** The security-wg `index.json` (an object keyed by advisory id) or an array of advisory files. */
export function parseNpmSecurityWgIndex(json: unknown): AdvisoryList {
  const problems: IngestProblem[] = [];
  const advisories: Advisory[] = [];
  let entries: [string, unknown][];
  if (Array.isArray(json)) entries = json.map((v, i) => [`$[${i}]`, v]);
  else if (json !== null && typeof json === "object") entries = Object.entries(json).map(([k, v]) => [jsonPath("$", [k]), v]);
  else return { advisories, problems: [{ location: "$", reason: "expected an object keyed by advisory id or an array" }] };
  for (const [location, value] of entries) {
    const r = parseNpmSecurityWgAdvisory(value, location);
    if (r.advisory) advisories.push(r.advisory);
    if (problems.length < MAX_PROBLEMS) problems.push(...r.problems.slice(0, MAX_PROBLEMS - problems.length));
  }
  return { advisories, problems };
}

// ---------- OSV ----------

const osvSeveritySchema = z.object({ type: z.string(), score: z.string() });

const osvRecordSchema = z.object({
  id: z.string().min(1),
  aliases: z.array(z.string()).nullish(),
  summary: z.string().nullish(),
  details: z.string().nullish(),
  published: z.string().nullish(),
  withdrawn: z.string().nullish(),
  severity: z.array(osvSeveritySchema).nullish(),
  affected: z.array(z.unknown()).nullish(),
  database_specific: z.object({ severity: z.string().optional() }).passthrough().nullish(),
});

const osvAffectedSchema = z.object({
  package: z.object({ ecosystem: z.string().min(1), name: z.string().min(1) }),
  ranges: z.array(z.unknown()).nullish(),
  versions: z.array(z.string()).nullish(),
  severity: z.array(osvSeveritySchema).nullish(),
});

/** OSV ecosystem names ("PyPI", "Go", "crates.io", "Debian:12") to Sibyl's lower-case ids. */
export function normalizeEcosystem(osvEcosystem: string): string {
  const lower = osvEcosystem.trim().toLowerCase();
  return lower === "golang" ? "go" : lower;
}

/** GHSA's database_specific.severity says MODERATE where CVSS says medium. */
function normalizeRating(rating: string | undefined): string | null {
  if (!rating) return null;
  const lower = rating.trim().toLowerCase();
  return lower === "moderate" ? "medium" : lower || null;
}

/** CVSS v3 first (Sibyl's thresholds are calibrated on it), then v4.0, then v2. */
const SEVERITY_PREFERENCE = ["CVSS_V3", "CVSS_V4", "CVSS_V2"];

function osvCvss(entries: z.infer<typeof osvSeveritySchema>[], base: string, problems: ProblemList): Advisory["cvss"] {
  const ranked = entries
    .map((e, i) => ({ e, i, rank: SEVERITY_PREFERENCE.indexOf(e.type) }))
    .filter((x) => x.rank !== -1)
    .sort((a, b) => a.rank - b.rank);
  for (const { e, i } of ranked) {
    const parsed = parseCvssVector(e.score);
    if (parsed) return { vector: parsed.vector, score: parsed.baseScore, version: parsed.version };
    problems.add(`${base}[${i}].score`, `"${e.score}" is not a valid CVSS vector`);
  }
  return null;
}

interface PackageGroup {
  ecosystem: string;
  name: string;
  ranges: { value: unknown; location: string }[];
  versions: { value: string[]; location: string }[];
  severity: { entries: z.infer<typeof osvSeveritySchema>[]; location: string } | null;
}

function parseOsvRecord(json: unknown, base: string, problems: ProblemList): Advisory[] {
  const parsed = osvRecordSchema.safeParse(json);
  if (!parsed.success) {
    addZodIssues(problems, base, parsed.error);
    return [];
  }
  const rec = parsed.data;
  if (rec.withdrawn) {
    problems.add(`${base}.withdrawn`, `${rec.id} was withdrawn on ${rec.withdrawn}; skipped`);
    return [];
  }
  // Several `affected` entries may name the same package (one per range line); they become one advisory.
  const groups = new Map<string, PackageGroup>();
  (rec.affected ?? []).forEach((raw, i) => {
    const at = `${base}.affected[${i}]`;
    const aff = osvAffectedSchema.safeParse(raw);
    if (!aff.success) return addZodIssues(problems, at, aff.error);
    const ecosystem = normalizeEcosystem(aff.data.package.ecosystem);
    const key = `${ecosystem}\u0000${aff.data.package.name}`;
    const group = groups.get(key) ?? { ecosystem, name: aff.data.package.name, ranges: [], versions: [], severity: null };
    (aff.data.ranges ?? []).forEach((value, j) => group.ranges.push({ value, location: `${at}.ranges[${j}]` }));
    if (aff.data.versions?.length) group.versions.push({ value: aff.data.versions, location: `${at}.versions` });
    if (aff.data.severity?.length) group.severity = { entries: aff.data.severity, location: `${at}.severity` };
    groups.set(key, group);
  });
  if (groups.size === 0) problems.add(`${base}.affected`, `${rec.id} names no affected package; skipped`);

  const aliases = [...new Set((rec.aliases ?? []).map((a) => a.trim()).filter((a) => a && a !== rec.id))];
  const title = rec.summary?.trim() || rec.details?.trim().split("\n")[0].slice(0, 200) || rec.id;
  const advisories: Advisory[] = [];
  let recordCvss: Advisory["cvss"] | undefined;
  for (const g of groups.values()) {
    const before = problems.size;
    const converted = osvRangesToSemver(g.ecosystem, g.ranges, g.versions, problems);
    if (converted === null) {
      if (problems.size === before) problems.add(g.ranges[0]?.location ?? g.versions[0]?.location ?? `${base}.affected`, `no version range of ${g.ecosystem}/${g.name} could be expressed as semver; not matched`);
      continue;
    }
    // An affected entry's own severity overrides the record's; the record's is parsed (and reported) once.
    if (g.severity === null && recordCvss === undefined) recordCvss = rec.severity?.length ? osvCvss(rec.severity, `${base}.severity`, problems) : null;
    const cvss = g.severity ? osvCvss(g.severity.entries, g.severity.location, problems) : (recordCvss ?? null);
    advisories.push({
      id: rec.id,
      aliases,
      ecosystem: g.ecosystem,
      packageName: g.name,
      vulnerableRange: converted.vulnerableRange,
      patchedRange: converted.patchedRange,
      cvss,
      severity: cvss ? (parseCvssVector(cvss.vector)?.severity ?? null) : normalizeRating(rec.database_specific?.severity),
      title,
      published: rec.published ?? null,
      source: "osv",
    });
  }
  return advisories;
}

/**
 * OSV JSON: one record, an array of records, or an OSV API response `{ "vulns": [...] }`. A record
 * that cannot be used is skipped and reported by JSON path; so is a range that cannot be converted.
 */
export function parseOsv(json: unknown): AdvisoryList {
  const problems = new ProblemList();
  const advisories: Advisory[] = [];
  let records: [unknown, string][];
  if (Array.isArray(json)) records = json.map((r, i) => [r, `$[${i}]`]);
  else if (json !== null && typeof json === "object" && !("id" in json) && "vulns" in json && Array.isArray(json.vulns)) {
    records = json.vulns.map((r: unknown, i: number) => [r, `$.vulns[${i}]`]);
  } else records = [[json, "$"]];
  for (const [record, base] of records) advisories.push(...parseOsvRecord(record, base, problems));
  return { advisories, problems: problems.finish() };
}
