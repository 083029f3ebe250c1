// Decides how an OSV `affected` entry's version ranges become one node-semver range: SEMVER and ECOSYSTEM
// ranges are evaluated as the OSV schema says (sorted introduced / fixed / last_affected events), explicit
// `versions` are added as exact versions, and versions that node-semver cannot order faithfully are refused.
import { z } from "zod";
import semver from "semver";

interface ProblemSink {
  add(location: string, reason: string): void;
}

/** Ecosystems whose versions are semver already: nothing is guessed for them. */
const SEMVER_ECOSYSTEMS = new Set(["npm", "go", "crates.io"]);

/** "2", "2.4", "2.0-beta9", "1.0rc1": numeric cores padded to three parts, pre-release tags both PEP 440 and Maven order alike. */
const PADDABLE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-.]?(alpha|beta|rc|a|b)[.-]?(\d+)?)?$/i;

/**
 * A version as node-semver can compare it, or null. npm, Go and crates.io versions must be semver
 * (a leading "v" is tolerated). For other ecosystems "2.4" becomes "2.4.0" and "2.0-beta9" becomes
 * "2.0.0-beta.9"; anything else (four-part Maven versions, PEP 440 post-releases, Ruby ".pre" forms)
 * is refused rather than mis-ordered.
 */
export function toSemverVersion(ecosystem: string, version: string): string | null {
  const v = version.trim();
  if (!SEMVER_ECOSYSTEMS.has(ecosystem)) {
    const m = PADDABLE.exec(v);
    if (m) {
      const core = `${Number(m[1])}.${Number(m[2] ?? 0)}.${Number(m[3] ?? 0)}`;
      const pre = m[4] ? `-${m[4].toLowerCase()}${m[5] === undefined ? "" : `.${Number(m[5])}`}` : "";
      return semver.valid(core + pre);
    }
  }
  return looseSemver(v);
}

/**
 * node-semver's loose mode, minus a trap: it reads "2.9.10.4" as 2.9.1-0.4 (a pre-release needs no
 * hyphen there), which would order a four-part version below 2.9.10. A numeric core followed by
 * another "." or digit is refused.
 */
function looseSemver(v: string): string | null {
  const core = /^[v=\s]*\d+\.\d+\.\d+(.*)$/.exec(v);
  if (!core || core[1].startsWith(".")) return null;
  return semver.valid(v, { loose: true });
}

type Bound = { v: string; inclusive: boolean };
/** Affected versions lo ≤ x < hi (or ≤ hi); null lo = from the first version, null hi = no fix known. */
type Interval = { lo: string | null; hi: Bound | null };

const rangeSchema = z.object({ type: z.string(), events: z.array(z.unknown()).min(1) });
const eventSchema = z.object({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});
type EventKind = "introduced" | "fixed" | "last_affected";

function rangeIntervals(ecosystem: string, raw: unknown, at: string, problems: ProblemSink): Interval[] | "git" | null {
  const range = rangeSchema.safeParse(raw);
  if (!range.success) {
    problems.add(at, `not an OSV range: ${range.error.issues[0]?.message ?? "invalid"}`);
    return null;
  }
  const type = range.data.type.toUpperCase();
  if (type === "GIT") return "git";
  if (type !== "SEMVER" && type !== "ECOSYSTEM") {
    problems.add(`${at}.type`, `range type "${range.data.type}" is not supported; skipped`);
    return null;
  }
  const events: { kind: EventKind; version: string | null }[] = [];
  for (const [k, rawEvent] of range.data.events.entries()) {
    const ev = eventSchema.safeParse(rawEvent);
    const entry = ev.success ? (["introduced", "fixed", "last_affected"] as const).find((kind) => ev.data[kind] !== undefined) : undefined;
    if (!ev.success || (entry === undefined && ev.data.limit === undefined)) {
      problems.add(`${at}.events[${k}]`, "expected one of introduced, fixed, last_affected, limit; range skipped");
      return null;
    }
    if (entry === undefined) continue; // `limit` only bounds git bisection
    const value = (ev.success && ev.data[entry]) || "";
    if (entry === "introduced" && value === "0") {
      events.push({ kind: entry, version: null });
      continue;
    }
    const version = type === "SEMVER" ? looseSemver(value) : toSemverVersion(ecosystem, value);
    if (version === null) {
      problems.add(`${at}.events[${k}].${entry}`, `version "${value}" cannot be ordered as semver; range skipped`);
      return null;
    }
    events.push({ kind: entry, version });
  }
  // The schema evaluates events in version order ("0" first); the sort is stable for ties.
  events.sort((a, b) => (a.version === null ? (b.version === null ? 0 : -1) : b.version === null ? 1 : semver.compare(a.version, b.version)));

  const intervals: Interval[] = [];
  let open: { lo: string | null } | null = null;
  for (const ev of events) {
    if (ev.kind === "introduced") open ??= { lo: ev.version };
    else if (open && ev.version !== null) {
      intervals.push({ lo: open.lo, hi: { v: ev.version, inclusive: ev.kind === "last_affected" } });
      open = null;
    }
  }
  if (open) intervals.push({ lo: open.lo, hi: null });
  return intervals;
}

function render(iv: Interval): string {
  if (iv.hi && iv.lo === iv.hi.v && iv.hi.inclusive) return iv.lo;
  const parts: string[] = [];
  if (iv.lo !== null) parts.push(`>=${iv.lo}`);
  if (iv.hi) parts.push(`${iv.hi.inclusive ? "<=" : "<"}${iv.hi.v}`);
  return parts.length ? parts.join(" ") : "*";
}

/** As matching will decide it: a pre-release inside an interval is not matched by it, so it is listed on its own. */
function matchedBy(iv: Interval, v: string): boolean {
  return semver.satisfies(v, render(iv), { loose: true, includePrerelease: false });
}

/**
 * Versions above a fix and below the next affected interval. Versions below the first introduced
 * version are unaffected but not "patched", and the gap after a last_affected event is not known
 * to carry a fix, so neither is included. null when no fix is known.
 */
function patchedFrom(intervals: Interval[]): string | null {
  const sorted = [...intervals].sort((a, b) => (a.lo === null ? -1 : b.lo === null ? 1 : semver.compare(a.lo, b.lo)));
  const parts: string[] = [];
  let cursor: Bound | null | undefined; // undefined: before the first interval; null: an interval has no end
  for (const iv of sorted) {
    if (cursor === null) break;
    if (cursor !== undefined && !cursor.inclusive && iv.lo !== null && semver.lt(cursor.v, iv.lo)) parts.push(`>=${cursor.v} <${iv.lo}`);
    if (iv.hi === null) cursor = null;
    else if (cursor === undefined || semver.gt(iv.hi.v, cursor.v)) cursor = iv.hi;
  }
  if (cursor && !cursor.inclusive) parts.push(`>=${cursor.v}`);
  return parts.length ? parts.join(" || ") : null;
}

/**
 * All ranges and version lists of one package in one advisory, as a single semver range (terms
 * joined by "||"), or null when nothing could be converted (each refusal is reported).
 */
export function osvRangesToSemver(
  ecosystem: string,
  ranges: { value: unknown; location: string }[],
  versionLists: { value: string[]; location: string }[],
  problems: ProblemSink,
): { vulnerableRange: string; patchedRange: string | null } | null {
  const intervals: Interval[] = [];
  let gitOnly = ranges.length > 0;
  for (const { value, location } of ranges) {
    const result = rangeIntervals(ecosystem, value, location, problems);
    if (result === "git") continue;
    gitOnly = false;
    if (result) intervals.push(...result);
  }
  const points: string[] = [];
  for (const { value, location } of versionLists) {
    let refused = 0;
    for (const raw of value) {
      const v = toSemverVersion(ecosystem, raw);
      if (v === null) refused++;
      else if (!points.includes(v) && !intervals.some((iv) => matchedBy(iv, v))) points.push(v);
    }
    if (refused > 0) problems.add(location, `${refused} of ${value.length} listed versions cannot be ordered as semver; ignored`);
  }
  if (gitOnly && points.length === 0 && versionLists.length === 0) {
    problems.add(ranges[0]?.location ?? "$", "only GIT ranges (commit hashes) and no version list; nothing to match versions against");
  }
  if (intervals.length === 0 && points.length === 0) return null;
  const terms = [...intervals.map(render), ...points];
  return { vulnerableRange: [...new Set(terms)].join(" || "), patchedRange: patchedFrom(intervals) };
}
