import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { parseNpmSecurityWgAdvisory, parseOsv, type Advisory } from "@/lib/domain/vulns/advisory";
import { parseEpssCsv } from "@/lib/domain/vulns/epss";
import { parseKev } from "@/lib/domain/vulns/kev";
import { IngestInputError, type IngestProblem } from "@/lib/domain/ingest/types";
import { importAdvisories, importEpss, importKev } from "@/lib/server/vulns/import";
import { openCliDatabase } from "./database";
import { cliActor } from "./ingest";
import { UsageError } from "./usage";

const KINDS = ["kev", "epss", "osv", "npm"] as const;
const MAX_BYTES = 500 * 1024 * 1024;

async function openSource(source: string): Promise<NodeJS.ReadableStream> {
  let stream: NodeJS.ReadableStream;
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(120_000) });
    if (!res.ok || !res.body) throw new UsageError(`Fetching ${source} failed: HTTP ${res.status}`);
    stream = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
  } else {
    if (!fs.existsSync(source)) throw new UsageError(`Cannot read ${source}: no such file`);
    stream = fs.createReadStream(source);
  }
  return source.endsWith(".gz") ? stream.pipe(zlib.createGunzip()) : stream;
}

async function readText(source: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await openSource(source)) {
    const buf = Buffer.from(chunk as Buffer);
    size += buf.byteLength;
    if (size > MAX_BYTES) throw new UsageError(`${source} is larger than ${MAX_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IngestInputError([{ location: file, reason: `not valid JSON: ${(error as Error).message}` }]);
  }
}

function printProblems(file: string, problems: IngestProblem[]): void {
  for (const p of problems.slice(0, 100)) console.error(`${file}:${p.location.replace(/^line /, "")}: ${p.reason}`);
  if (problems.length > 100) console.error(`… and ${problems.length - 100} more problem(s).`);
}

/** npm run sibyl -- import kev|epss|osv|npm <file-or-url> (npm: a file or a folder of nodejs/security-wg advisories). */
export async function runImport(argv: string[]): Promise<number> {
  const [kind, source, ...rest] = argv;
  if (!KINDS.includes(kind as (typeof KINDS)[number]) || !source || rest.length) throw new UsageError(`import needs a kind (${KINDS.join(", ")}) and one file or URL.`);
  const problems: IngestProblem[] = [];
  let task: (db: Parameters<typeof importKev>[0]) => Promise<{ imported: number; rescored: number }>;
  try {
    if (kind === "kev") {
      const catalog = parseKev(parseJson(await readText(source), source));
      problems.push(...catalog.problems);
      task = (db) => importKev(db, cliActor(), catalog, source);
    } else if (kind === "epss") {
      const lines = readline.createInterface({ input: (await openSource(source)) as NodeJS.ReadableStream & Readable, crlfDelay: Infinity });
      const scores = await parseEpssCsv(lines);
      problems.push(...scores.problems);
      task = (db) => importEpss(db, cliActor(), scores, source);
    } else if (kind === "osv") {
      const list = parseOsv(parseJson(await readText(source), source));
      problems.push(...list.problems);
      task = (db) => importAdvisories(db, cliActor(), list.advisories, source, "osv");
    } else {
      const files = !/^https?:/.test(source) && fs.statSync(source).isDirectory() ? fs.readdirSync(source).filter((f) => f.endsWith(".json") && f !== "index.json").map((f) => path.join(source, f)) : [source];
      const advisories: Advisory[] = [];
      for (const file of files) {
        const result = parseNpmSecurityWgAdvisory(parseJson(await readText(file), file), "$");
        problems.push(...result.problems.map((p) => ({ ...p, location: `${path.basename(file)} ${p.location}` })));
        if (result.advisory) advisories.push(result.advisory);
      }
      task = (db) => importAdvisories(db, cliActor(), advisories, source, "npm");
    }
  } catch (error) {
    if (error instanceof IngestInputError) {
      printProblems(source, error.problems);
      return 1;
    }
    throw error;
  }
  printProblems(source, problems);
  const handle = await openCliDatabase();
  try {
    const result = await task(handle.db);
    console.log(`Imported ${result.imported} ${kind} record(s); rescored ${result.rescored} provider(s) whose SDKs are in use.`);
    return problems.length ? 1 : 0;
  } finally {
    await handle.close();
  }
}
