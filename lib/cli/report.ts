import { parseArgs } from "node:util";
import { readFile, writeFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { reports } from "@/db/schema";
import { FRAMEWORK_IDS } from "@/lib/domain/reports/controls";
import { describeVerification, generateReport, requestReport, verifyReport } from "@/lib/server/reports/generate";
import { ValidationError } from "@/lib/validation/errors";
import { cliActor } from "./ingest";
import { openCliDatabase } from "./database";
import { UsageError } from "./usage";

/** Largest file `report verify` reads. */
const MAX_VERIFY_BYTES = 100 * 1024 * 1024;

/**
 * npm run sibyl -- report generate --framework <id> [--scope portfolio|team:<slug>|app:<slug>] [--from YYYY-MM-DD --to YYYY-MM-DD] --out file.pdf [--json]
 * npm run sibyl -- report verify <file.pdf> [--json]
 */
export async function runReport(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "generate") return generate(rest);
  if (sub === "verify") return verify(rest);
  throw new UsageError(`report needs "generate" or "verify"${sub ? `, not "${sub}"` : ""}.`);
}

async function generate(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { framework: { type: "string" }, scope: { type: "string" }, from: { type: "string" }, to: { type: "string" }, out: { type: "string" }, json: { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.framework) throw new UsageError(`report generate needs --framework (${FRAMEWORK_IDS.join(", ")}).`);
  if (!values.out) throw new UsageError("report generate needs --out <file.pdf>.");
  if (Boolean(values.from) !== Boolean(values.to)) throw new UsageError("Give both --from and --to, or neither (the last 90 days).");
  const handle = await openCliDatabase();
  try {
    const actor = cliActor();
    let requested;
    try {
      requested = await requestReport(handle.db, actor, { framework: values.framework, scope: values.scope ?? "portfolio", from: values.from, to: values.to });
    } catch (error) {
      if (error instanceof ValidationError) {
        for (const [field, messages] of Object.entries(error.fieldErrors)) for (const m of messages) console.error(`--${field === "_form" ? "framework" : field}: ${m}`);
        return 1;
      }
      if (error instanceof Error && error.name === "NotFoundError") {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
    const result = await generateReport(handle.db, requested.id, { requester: { name: actor.label, email: "", role: "command line, admin" } });
    const [row] = await handle.db.select({ pdf: reports.pdf }).from(reports).where(eq(reports.id, requested.id));
    if (!row?.pdf) throw new Error(`Report ${requested.id} finished without a PDF.`);
    await writeFile(values.out, row.pdf);
    if (values.json) console.log(JSON.stringify({ id: result.id, file: values.out, bytes: result.bytes, pages: result.pages, contentHash: result.contentHash, fileHash: result.fileHash, timings: result.timings, rendererMaxRssMb: result.rendererMaxRssMb }, null, 2));
    else console.log(`Wrote ${values.out}: "${requested.title}", ${result.pages} pages, ${(result.bytes / 1024).toFixed(0)} KiB\nReport ${result.id}\nDocument body SHA-256 ${result.contentHash}\nFile SHA-256 ${result.fileHash}`);
    return 0;
  } finally {
    await handle.close();
  }
}

async function verify(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: "boolean" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [file] = parsed.positionals;
  if (!file) throw new UsageError("report verify needs a file: report verify <file.pdf>.");
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    console.error(`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
    return 1;
  }
  if (bytes.length > MAX_VERIFY_BYTES) {
    console.error(`${file}: larger than ${MAX_VERIFY_BYTES / 1024 / 1024} MiB; not a Sibyl report.`);
    return 1;
  }
  const handle = await openCliDatabase();
  try {
    const outcome = await verifyReport(handle.db, cliActor(), bytes);
    if (parsed.values.json) console.log(JSON.stringify(outcome, null, 2));
    else console.log(`${file}: ${describeVerification(outcome)}`);
    return outcome.status === "genuine" ? 0 : 1;
  } finally {
    await handle.close();
  }
}
