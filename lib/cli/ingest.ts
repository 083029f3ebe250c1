import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createHash } from "node:crypto";
import { ingestHostsSchema } from "@/lib/validation/application-hosts";
import { trafficFormatSchema, INGEST_KINDS, INGEST_LIMITS, ingestKindFromPath, ingestKindNeedsApp, ingestKindPath } from "@/lib/validation/ingest";
import type { Actor } from "@/lib/server/actor";
import { ingestCatalog } from "@/lib/server/ingest/catalog";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { ingestProviderSpec } from "@/lib/server/ingest/provider-spec";
import { sweepInterruptedRunsAtStart, type IngestRunSummary } from "@/lib/server/ingest/runs";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { reevaluateAfterRescore } from "@/lib/server/policies/reevaluate";
import { runTriageMaintenance } from "@/lib/server/triage/maintenance";
import { openCliDatabase } from "./database";
import { UsageError } from "./usage";

export function cliActor(): Actor {
  return { label: `cli:${os.userInfo().username}`, role: "admin" };
}

async function readSource(source: string, limit: number): Promise<{ text: string; name: string }> {
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(30_000), redirect: "follow" });
    if (!res.ok) throw new UsageError(`Fetching ${source} failed: HTTP ${res.status}`);
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > limit) throw new UsageError(`${source} is larger than the limit of ${limit} bytes`);
    const buf = Buffer.from(await res.arrayBuffer());
    if (buf.byteLength > limit) throw new UsageError(`${source} is larger than the limit of ${limit} bytes`);
    return { text: buf.toString("utf8"), name: source };
  }
  const stat = statOrUsage(source);
  if (stat.size > limit) throw new UsageError(`${source} is ${stat.size} bytes, over the limit of ${limit} bytes`);
  return { text: fs.readFileSync(source, "utf8"), name: path.basename(source) };
}

function statOrUsage(file: string): fs.Stats {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new UsageError(`${file} is not a file`);
    return stat;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    fs.createReadStream(file).on("data", (d) => hash.update(d)).on("end", () => resolve(hash.digest("hex"))).on("error", reject);
  });
}

function progressPrinter(total: number) {
  if (!process.stderr.isTTY || total < 8 * 1024 * 1024) return undefined;
  const started = Date.now();
  let lastPrint = 0;
  return (bytes: number) => {
    const now = Date.now();
    if (now - lastPrint < 250 && bytes < total) return;
    lastPrint = now;
    const mb = (n: number) => (n / 1048576).toFixed(0);
    const rate = bytes / 1048576 / Math.max(0.001, (now - started) / 1000);
    process.stderr.write(`\r  ${Math.floor((bytes / total) * 100)}%  ${mb(bytes)} / ${mb(total)} MB  ${rate.toFixed(1)} MB/s   `);
    if (bytes >= total) process.stderr.write("\n");
  };
}

export function printSummary(summary: IngestRunSummary, file: string): number {
  for (const note of summary.notes) console.log(note);
  for (const p of summary.errors) {
    const where = p.location.startsWith("line ") ? p.location.slice(5) : p.location;
    console.error(`${file}:${where}: ${p.reason}`);
  }
  if (summary.errorCount > summary.errors.length) console.error(`… and ${summary.errorCount - summary.errors.length} more problem(s).`);
  console.log(
    `Ingest run ${summary.id}: ${summary.status}. ${summary.recordsRead} read, ${summary.recordsAccepted} accepted, ${summary.recordsRejected} rejected, ` +
      `${summary.newEndpoints} new endpoint(s), ${summary.newDependencies} new dependenc${summary.newDependencies === 1 ? "y" : "ies"}.`,
  );
  return summary.status === "failed" || summary.errors.length > 0 ? 1 : 0;
}

export async function runIngest(argv: string[]): Promise<number> {
  const [written, ...rest] = argv;
  const kind = ingestKindFromPath(written ?? "");
  if (!kind) throw new UsageError(`ingest needs a kind: ${INGEST_KINDS.map(ingestKindPath).join(", ")}.`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { app: { type: "string" }, api: { type: "string" }, format: { type: "string" }, provider: { type: "string" }, host: { type: "string", multiple: true } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`ingest ${written} takes exactly one file${kind === "openapi" || kind === "provider_spec" ? " or URL" : ""}.`);
  const source = positionals[0];
  if (ingestKindNeedsApp(kind) && !values.app) throw new UsageError(`ingest ${written} needs --app <slug>.`);
  if (kind === "catalog" && values.app) throw new UsageError("ingest catalog takes no --app: the catalog names its own components.");
  if (kind === "provider_spec" && values.app) throw new UsageError("ingest provider-spec takes no --app: the spec belongs to a provider (--provider <slug>).");
  if (kind === "provider_spec" && !values.provider) throw new UsageError("ingest provider-spec needs --provider <slug>, e.g. --provider stripe.");
  if (values.provider && kind !== "provider_spec") throw new UsageError("--provider only applies to ingest provider-spec.");
  if (values.api && kind !== "openapi") throw new UsageError("--api only applies to ingest openapi.");
  if (values.format && kind !== "traffic") throw new UsageError("--format only applies to ingest traffic.");
  const format = values.format === undefined ? undefined : trafficFormatSchema.safeParse(values.format);
  if (format && !format.success) throw new UsageError(`--format must be one of har, envoy, nginx, otlp.`);
  if (values.host && kind !== "traffic") throw new UsageError("--host only applies to ingest traffic.");
  const hosts = ingestHostsSchema.safeParse({ host: values.host ?? [] });
  if (!hosts.success) throw new UsageError(`--host ${hosts.error.issues.map((i) => i.message).join("; ")}.`);

  const app = values.app ?? "";
  let prepared: { text?: string; name: string; size?: number; hash?: string };
  if (kind === "traffic") {
    const stat = statOrUsage(source);
    prepared = { name: path.basename(source), size: stat.size, hash: await hashFile(source) };
  } else {
    prepared = await readSource(source, INGEST_LIMITS[kind]);
  }

  const handle = await openCliDatabase();
  try {
    // Runs an earlier process left 'running' when it died: failed, so they do not look in progress forever.
    const swept = await sweepInterruptedRunsAtStart(handle);
    if (swept.length) console.error(`Marked ${swept.length} interrupted ingest run(s) failed (the process stopped before they finished; nothing of theirs was stored): ${swept.map((r) => r.id).join(", ")}`);
    const ctx = { db: handle.db, actor: cliActor(), trigger: "cli" };
    let summary: IngestRunSummary;
    if (kind === "openapi") summary = await ingestOpenApi(ctx, { text: prepared.text ?? "", appSlug: app, apiName: values.api, sourceName: prepared.name });
    else if (kind === "sbom") summary = await ingestSbom(ctx, { text: prepared.text ?? "", appSlug: app, sourceName: prepared.name });
    else if (kind === "catalog") summary = await ingestCatalog(ctx, { text: prepared.text ?? "", sourceName: prepared.name });
    else if (kind === "provider_spec") summary = await ingestProviderSpec(ctx, { text: prepared.text ?? "", providerSlug: values.provider ?? "", sourceName: prepared.name });
    else
      summary = await ingestTraffic(ctx, {
        stream: fs.createReadStream(source, { highWaterMark: 1024 * 1024 }),
        appSlug: app,
        format: format?.success ? format.data : undefined,
        hosts: hosts.data.host,
        sourceName: prepared.name,
        contentHash: prepared.hash,
        byteSize: prepared.size,
        onProgress: progressPrinter(prepared.size ?? 0),
      });
    if (summary.status === "succeeded" && (kind === "traffic" || kind === "sbom")) {
      const rescored = await rescoreProviders(handle.db);
      await reevaluateAfterRescore(handle.db);
      console.log(`Rescored ${rescored.providers} provider(s) and ${rescored.dependencies} dependency risk(s).`);
    }
    if (summary.status === "succeeded") {
      // The triage clock runs after every ingest (the server does it through its job queue).
      const clock = await runTriageMaintenance(handle.db);
      if (clock.reopened) console.log(`Reopened ${clock.reopened} finding(s) whose risk acceptance expired.`);
    }
    return printSummary(summary, source);
  } finally {
    await handle.close();
  }
}
