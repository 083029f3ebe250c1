import { parseArgs } from "node:util";
import { readFile, stat } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import type { Db } from "@/db/client";
import { describeImpact } from "@/lib/domain/policies/simulate";
import { ACTION_LABELS } from "@/lib/domain/policies/types";
import { applyPolicyFile, listPolicies, simulatePolicies, toPolicyFile } from "@/lib/server/policies/store";
import { ValidationError } from "@/lib/validation/errors";
import { cliActor } from "./ingest";
import { openCliDatabase } from "./database";
import { UsageError } from "./usage";

/** Largest policy file read (a file of 500 policies is far smaller). */
const MAX_POLICY_FILE_BYTES = 2 * 1024 * 1024;

/**
 * npm run sibyl -- policy apply <file.yaml|file.json>      upsert by name (idempotent, audited)
 * npm run sibyl -- policy list [--json]                    the policies (as a file with --json)
 * npm run sibyl -- policy simulate <file> [--json]         the decisions the file would produce; nothing saved
 */
export async function runPolicy(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: "boolean" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const json = Boolean(parsed.values.json);
  if (sub === "list") return list(json);
  if (sub === "apply" || sub === "simulate") {
    const [file] = parsed.positionals;
    if (!file) throw new UsageError(`policy ${sub} needs a file: policy ${sub} <file.yaml|file.json>.`);
    const loaded = await readPolicyFile(file);
    if ("errors" in loaded) {
      for (const e of loaded.errors) console.error(e);
      return 1;
    }
    return sub === "apply" ? apply(file, loaded, json) : simulateFile(file, loaded, json);
  }
  throw new UsageError(`policy needs "apply", "list" or "simulate"${sub ? `, not "${sub}"` : ""}.`);
}

interface LoadedFile {
  value: unknown;
  /** file:line for a path of the document (["policies", 0, "conditions", "all", 1, "op"]). */
  where(path: (string | number)[]): string;
}

/** Reads YAML or JSON (JSON is YAML) keeping positions, so problems are reported as file:line. */
async function readPolicyFile(file: string): Promise<LoadedFile | { errors: string[] }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    return { errors: [`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`] };
  }
  if (size > MAX_POLICY_FILE_BYTES) return { errors: [`${file}: larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB; a policy file is far smaller`] };
  const text = await readFile(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length) return { errors: doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? 1}: ${e.message.split("\n")[0]}`) };
  return {
    value: doc.toJS({ maxAliasCount: 100 }),
    where(path) {
      // The deepest node that exists along the path (a missing field is reported at its parent).
      for (let n = path.length; n >= 0; n -= 1) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return `${file}:${lineCounter.linePos(node.range[0]).line}`;
      }
      return `${file}:1`;
    },
  };
}

/** Runs `body` on the CLI's database; a refused policy is printed as file:line problems (exit 1). */
async function onDatabase(file: LoadedFile | null, body: (db: Db) => Promise<number>): Promise<number> {
  const handle = await openCliDatabase();
  try {
    return await body(handle.db);
  } catch (error) {
    if (file && error instanceof ValidationError) {
      printValidation(file, error);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

function printValidation(file: LoadedFile, error: ValidationError): void {
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    const path = field === "_form" ? [] : field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    for (const m of messages) console.error(`${file.where(path)}: ${field === "_form" ? "" : `${field}: `}${m}`);
  }
}

async function apply(name: string, file: LoadedFile, json: boolean): Promise<number> {
  return onDatabase(file, async (db) => {
    const result = await applyPolicyFile(db, cliActor(), file.value);
    if (json) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(`${name}: ${result.created.length} created, ${result.updated.length} updated, ${result.unchanged.length} unchanged.`);
      for (const n of result.created) console.log(`  + ${n}`);
      for (const n of result.updated) console.log(`  ~ ${n}`);
      if (result.created.length || result.updated.length) {
        const d = result.decisions;
        console.log(`Decisions: ${d.evaluated} dependencies evaluated, ${d.changed} changed (now ${d.byDecision.quarantine} quarantined, ${d.byDecision.require_approval} awaiting approval, ${d.byDecision.alert} alerting).`);
      }
    }
    return 0;
  });
}

async function list(json: boolean): Promise<number> {
  return onDatabase(null, async (db) => {
    const policies = await listPolicies(db, cliActor());
    if (json) {
      console.log(JSON.stringify(toPolicyFile(policies), null, 2));
      return 0;
    }
    if (!policies.length) console.log("No policies: every dependency gets the default action. Write a file and run `policy apply <file>`.");
    for (const p of policies) {
      console.log(`${String(p.priority).padStart(5)}  ${p.enabled ? "on " : "off"}  ${p.mode.padEnd(7)}  ${ACTION_LABELS[p.action].padEnd(16)}  ${p.name}  (${p.matchesNow} dependencies in ${p.applicationsNow} applications now)`);
    }
    return 0;
  });
}

async function simulateFile(name: string, file: LoadedFile, json: boolean): Promise<number> {
  return onDatabase(file, async (db) => {
    const result = await simulatePolicies(db, cliActor(), file.value);
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    console.log(`${name}: simulated against ${result.evaluated} dependencies; nothing was saved.`);
    for (const p of result.byPolicy) {
      console.log(`\n${p.name}: ${describeImpact(p)}`);
      for (const m of p.matches.slice(0, 50)) console.log(`  ${ACTION_LABELS[m.decision].padEnd(16)} ${m.application} → ${m.target}: ${m.reason}`);
      if (p.matches.length > 50 || p.dependencies > p.matches.length) console.log(`  … and ${p.dependencies - Math.min(50, p.matches.length)} more`);
    }
    console.log(`\n${result.changed} decision${result.changed === 1 ? "" : "s"} would change.`);
    for (const c of result.changes.slice(0, 50)) console.log(`  ${c.application} → ${c.target}: ${c.before.decision} → ${c.after.decision}`);
    return 0;
  });
}
