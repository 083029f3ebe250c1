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

function parseProbability(text: string | undefined): number | null {
  if (text === undefined || !/^\s*[0-9.eE+-]+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : null;
}

/** The row-by-row state machine; kept synchronous so a string input costs no promise per line. */
class EpssReader {
  readonly problems = new ProblemList();
  readonly scores = new Map<string, EpssScore>();
  modelVersion: string | null = null;
  scoreDate: string | null = null;
  private columns: { cve: number; epss: number; percentile: number } | null = null;
  private lineNo = 0;

  line(rawLine: string): void {
    this.lineNo++;
    const at = `line ${this.lineNo}`;
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === "") return;
    if (line.startsWith("#")) {
      if (this.columns === null) this.comment(line);
      return;
    }
    const fields = line.split(",").map((f) => f.trim());
    if (this.columns === null) {
      const names = fields.map((f) => f.toLowerCase());
      const [cve, epss, percentile] = ["cve", "epss", "percentile"].map((n) => names.indexOf(n));
      if (cve !== -1 && epss !== -1 && percentile !== -1) {
        this.columns = { cve, epss, percentile };
        return;
      }
      this.columns = { cve: 0, epss: 1, percentile: 2 };
      this.problems.add(at, "no cve,epss,percentile header; reading columns in that order");
    }
    const cve = fields[this.columns.cve]?.toUpperCase();
    if (cve === undefined || !CVE_RE.test(cve)) {
      this.problems.add(at, `"${fields[this.columns.cve] ?? ""}" is not a CVE id; row skipped`);
      return;
    }
    const epss = parseProbability(fields[this.columns.epss]);
    const percentile = parseProbability(fields[this.columns.percentile]);
    if (epss === null || percentile === null) {
      this.problems.add(at, `${cve}: epss and percentile must be numbers between 0 and 1; row skipped`);
      return;
    }
    if (this.scores.has(cve)) {
      this.problems.add(at, `${cve} is listed twice; the first row is kept`);
      return;
    }
    this.scores.set(cve, { epss, percentile });
  }

  /** "#model_version:v2023.03.01,score_date:2024-01-01T00:00:00+0000" */
  private comment(line: string): void {
    for (const part of line.slice(1).split(",")) {
      const colon = part.indexOf(":");
      if (colon === -1) continue;
      const key = part.slice(0, colon).trim();
      const value = part.slice(colon + 1).trim() || null;
      if (key === "model_version") this.modelVersion = value;
      else if (key === "score_date") this.scoreDate = value;
    }
  }

  finish(): EpssScores {
    if (this.columns === null) this.problems.add(`line ${Math.max(1, this.lineNo)}`, "no header and no rows");
    return { modelVersion: this.modelVersion, scoreDate: this.scoreDate, scores: this.scores, problems: this.problems.finish() };
  }
}

/**
 * Parses the EPSS CSV. Pass a string, or lines from `readline.createInterface({ input })` over the
 * (gunzipped) file: each item is taken as one line, and an item holding several lines (a whole file,
 * a chunk ending in a newline) is split. A bad row is skipped and reported with its line number; a
 * repeated CVE keeps its first row. A file without the header is read in the standard column order
 * (cve, epss, percentile), with a problem saying so.
 */
export async function parseEpssCsv(lines: AsyncIterable<string> | Iterable<string> | string): Promise<EpssScores> {
  const reader = new EpssReader();
  const feed = (item: string) => {
    if (!item.includes("\n")) reader.line(item);
    else for (const l of splitLines(item.endsWith("\n") ? item.slice(0, -1) : item)) reader.line(l);
  };
  if (typeof lines === "string") {
    for (const l of splitLines(lines)) reader.line(l);
  } else if (Symbol.asyncIterator in lines) {
    for await (const item of lines) feed(item);
  } else {
    for (const item of lines) feed(item);
  }
  return reader.finish();
}
