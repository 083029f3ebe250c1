import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { providers } from "@/db/schema";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { reevaluateAfterRescore } from "@/lib/server/policies/reevaluate";
import { openCliDatabase } from "./database";
import { UsageError } from "./usage";

/** npm run sibyl -- score [--provider <id>|--all] [--json] */
export async function runScore(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { provider: { type: "string" }, all: { type: "boolean" }, json: { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (Boolean(values.provider) === Boolean(values.all)) throw new UsageError("score needs --provider <id> or --all.");
  const handle = await openCliDatabase();
  try {
    let ids: string[] | undefined;
    const names = new Map<string, string>();
    if (values.provider) {
      const [row] = await handle.db.select({ id: providers.id, slug: providers.slug }).from(providers).where(eq(providers.slug, values.provider));
      if (!row) {
        console.error(`No provider "${values.provider}" (use the catalog id, e.g. stripe).`);
        return 1;
      }
      ids = [row.id];
    }
    for (const p of await handle.db.select({ id: providers.id, slug: providers.slug }).from(providers)) names.set(p.id, p.slug);
    const started = Date.now();
    const result = await rescoreProviders(handle.db, { providerIds: ids });
    await reevaluateAfterRescore(handle.db, ids);
    const rows = [...result.scores.entries()].map(([id, s]) => ({
      provider: names.get(id) ?? id,
      score: s.score,
      grade: s.grade,
      confidence: s.confidence,
      caps: s.caps.map((c) => c.reason),
      factors: Object.fromEntries(s.factors.map((f) => [f.name, f.subscore])),
      modelVersion: s.modelVersion,
    }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(values.provider ? rows[0] : rows)}\n`);
      return 0;
    }
    for (const r of rows.sort((a, b) => a.provider.localeCompare(b.provider))) {
      const grade = r.grade ?? "insufficient data";
      console.log(`${r.provider.padEnd(28)} ${r.score.toFixed(1).padStart(5)}  ${grade.padEnd(17)} confidence ${(r.confidence * 100).toFixed(0)}%${r.caps.length ? `  caps: ${r.caps.join("; ")}` : ""}`);
    }
    console.log(`\nScored ${result.providers} provider(s) and ${result.dependencies} dependenc${result.dependencies === 1 ? "y" : "ies"} with model v${result.modelVersion} in ${Date.now() - started} ms.`);
    return 0;
  } finally {
    await handle.close();
  }
}
