import { parseArgs } from "node:util";
import { readFile, stat } from "node:fs/promises";
import { formatJson, formatJunit, formatSarif, formatText, gateExitCode, type GateResult } from "@/lib/domain/policies/gate";
import { MAX_GATE_FILE_BYTES, runGate } from "@/lib/server/policies/gate";
import { ValidationError } from "@/lib/validation/errors";
import { cliActor } from "./ingest";
import { openCliDatabase } from "./database";
import { UsageError } from "./usage";

const FORMATS = ["text", "json", "sarif", "junit"] as const;
type Format = (typeof FORMATS)[number];

/**
 * npm run sibyl -- gate --app <slug> [--sbom bom.json] [--hosts a.com,b.com] [--openapi spec.yaml]
 *                       [--format text|json|sarif|junit] [--out file] [--server URL --token T]
 * Exit 0: every dependency allowed or alerting; 3: one would be quarantined or needs approval;
 * 1: input errors (unreadable or invalid files, unknown application, server refused); 2: usage errors.
 */
export async function runGateCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { app: { type: "string" }, sbom: { type: "string" }, hosts: { type: "string" }, openapi: { type: "string" }, format: { type: "string" }, out: { type: "string" }, server: { type: "string" }, token: { type: "string" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.app) throw new UsageError("gate needs --app <slug>.");
  const format = (values.format ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format is one of ${FORMATS.join(", ")}.`);
  if (Boolean(values.server) !== Boolean(values.token ?? process.env.SIBYL_TOKEN) && values.server) throw new UsageError("--server needs --token (or SIBYL_TOKEN).");

  const files: { sbom?: { name: string; text: string }; openapi?: { name: string; text: string } } = {};
  for (const key of ["sbom", "openapi"] as const) {
    const file = values[key];
    if (!file) continue;
    try {
      if ((await stat(file)).size > MAX_GATE_FILE_BYTES) {
        console.error(`${file}: larger than ${MAX_GATE_FILE_BYTES / 1024 / 1024} MiB`);
        return 1;
      }
      files[key] = { name: file, text: await readFile(file, "utf8") };
    } catch (error) {
      console.error(`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
      return 1;
    }
  }
  const input = { app: values.app, hosts: (values.hosts ?? "").split(",").map((h) => h.trim()).filter(Boolean), ...files };

  let result: GateResult;
  if (values.server) {
    const outcome = await remoteGate(values.server, values.token ?? process.env.SIBYL_TOKEN ?? "", input);
    if ("error" in outcome) {
      console.error(outcome.error);
      return 1;
    }
    result = outcome.result;
  } else {
    const handle = await openCliDatabase();
    try {
      result = await runGate(handle, cliActor(), input);
    } catch (error) {
      if (error instanceof ValidationError) {
        for (const [field, messages] of Object.entries(error.fieldErrors)) for (const m of messages) console.error(`--${field}: ${m}`);
        return 1;
      }
      throw error;
    } finally {
      await handle.close();
    }
  }
  const body =
    format === "json" ? formatJson(result)
    : format === "sarif" ? formatSarif(result, { toolVersion: process.env.npm_package_version ?? "0.1.0", informationUri: values.server ?? "https://github.com/sibyl-oracle/sibyl", manifestUri: files.sbom?.name ?? files.openapi?.name })
    : format === "junit" ? formatJunit(result)
    : formatText(result);
  if (values.out) {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(values.out, body);
    if (format !== "text") console.log(formatText(result));
  } else {
    process.stdout.write(body.endsWith("\n") ? body : `${body}\n`);
  }
  return gateExitCode(result);
}

async function remoteGate(server: string, token: string, input: unknown): Promise<{ result: GateResult } | { error: string }> {
  let url: URL;
  try {
    url = new URL("/api/v1/gate", server);
  } catch {
    return { error: `--server ${server}: not a URL` };
  }
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(input), signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    return { error: `${url.origin}: ${(error as Error).message}` };
  }
  const body = (await response.json().catch(() => null)) as (GateResult & { error?: string; fieldErrors?: Record<string, string[]> }) | null;
  if (!response.ok || !body) {
    const details = body?.fieldErrors ? Object.entries(body.fieldErrors).flatMap(([f, ms]) => ms.map((m) => `--${f}: ${m}`)).join("\n") : "";
    return { error: `${url.origin} answered ${response.status}: ${body?.error ?? response.statusText}${details ? `\n${details}` : ""}` };
  }
  return { result: body };
}
