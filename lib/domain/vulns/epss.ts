// Decides each CVE's probability of exploitation in the next 30 days from FIRST's daily EPSS CSV
// (https://www.first.org/epss/data_stats): a "#model_version:…,score_date:…" comment, a
// "cve,epss,percentile" header, then ~250,000 rows, read line by line so the file never sits in memory.
import type { IngestProblem } from "../ingest/types";
import { ProblemList } from "./advisory";

export interface EpssScore {
  /** Probability of exploitation activity in the next 30 days, 0–1. */
  epss: number;
  /** Share of scored CVEs with a lower or equal score, 0–1. */
  percentile: number;
}

export interface EpssScores {
  modelVersion: string | null;
  scoreDate: string | null;
  /** Keyed by upper-case CVE id. */
  scores: Map<string, EpssScore>;
  /** Bad rows by line number ("line 12"), 1-based, counting the comment line. */
  problems: IngestProblem[];
}

const CVE_RE = /^CVE-\d{4}-\d{4,}$/;

function* splitLines(text: string): Generator<string> {
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl === -1) {
      if (start < text.length) yield text.slice(start);
      return;
    }
    yield text.slice(start, nl);
    start = nl + 1;
  }
}

/** Lines as given; an item holding several lines (a whole file, a chunk ending in a newline) is split. */
async function* linesOf(input: AsyncIterable<string> | Iterable<string> | string): AsyncGenerator<string> {
  if (typeof input === "string") {
    yield* splitLines(input);
    return;
  }
  for await (const item of input) {
    if (item.includes("\n")) yield* splitLines(item.endsWith("\n") ? item.slice(0, -1) : item);
    else yield item;
  }
}

function parseProbability(text: string | undefined): number | null {
  if (text === undefined || !/^\s*[0-9.eE+-]+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

/**
 * Parses the EPSS CSV. Pass a string, or lines from `readline.createInterface({ input })` over the
 * (gunzipped) file: each item is taken as one line. A bad row is skipped and reported with its line
 * number; a repeated CVE keeps its first row. A file without the header is read in the standard
 * column order (cve, epss, percentile), with a problem saying so.
 */
export async function parseEpssCsv(lines: AsyncIterable<string> | Iterable<string> | string): Promise<EpssScores> {
  const problems = new ProblemList();
  const scores = new Map<string, EpssScore>();
  let modelVersion: string | null = null;
  let scoreDate: string | null = null;
  let columns: { cve: number; epss: number; percentile: number } | null = null;
  let lineNo = 0;

  for await (const rawLine of linesOf(lines)) {
    lineNo++;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      if (columns !== null) continue;
      for (const part of line.slice(1).split(",")) {
        const colon = part.indexOf(":");
        if (colon === -1) continue;
        const key = part.slice(0, colon).trim();
        const value = part.slice(colon + 1).trim() || null;
        if (key === "model_version") modelVersion = value;
        else if (key === "score_date") scoreDate = value;
      }
      continue;
    }
    const fields = line.split(",").map((f) => f.trim());
    if (columns === null) {
      const names = fields.map((f) => f.toLowerCase());
      const cve = names.indexOf("cve");
      const epss = names.indexOf("epss");
      const percentile = names.indexOf("percentile");
      if (cve !== -1 && epss !== -1 && percentile !== -1) {
        columns = { cve, epss, percentile };
        continue;
      }
      columns = { cve: 0, epss: 1, percentile: 2 };
      problems.add(`line ${lineNo}`, "no cve,epss,percentile header; reading columns in that order");
    }
    const cve = fields[columns.cve]?.toUpperCase();
    if (cve === undefined || !CVE_RE.test(cve)) {
      problems.add(`line ${lineNo}`, `"${fields[columns.cve] ?? ""}" is not a CVE id; row skipped`);
      continue;
    }
    const epss = parseProbability(fields[columns.epss]);
    const percentile = parseProbability(fields[columns.percentile]);
    if (epss === null || percentile === null) {
      problems.add(`line ${lineNo}`, `${cve}: epss and percentile must be numbers between 0 and 1; row skipped`);
      continue;
    }
    if (scores.has(cve)) {
      problems.add(`line ${lineNo}`, `${cve} is listed twice; the first row is kept`);
      continue;
    }
    scores.set(cve, { epss, percentile });
  }
  if (columns === null) problems.add(`line ${Math.max(1, lineNo)}`, "no header and no rows");
  return { modelVersion, scoreDate, scores, problems: problems.finish() };
}
