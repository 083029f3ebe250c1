import { parseArgs } from "node:util";
import { getInventory } from "@/lib/server/dal/inventory";
import { appSlugSchema } from "@/lib/validation/ingest";
import { openCliDatabase } from "./database";
import { cliActor } from "./ingest";
import { UsageError } from "./usage";

export async function runInventory(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { app: { type: "string" }, json: { type: "boolean" } } }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.app) throw new UsageError("inventory needs --app <slug>.");
  const slug = appSlugSchema.safeParse(values.app);
  if (!slug.success) throw new UsageError(`--app: ${slug.error.issues[0]?.message}`);
  const handle = await openCliDatabase();
  try {
    const inventory = await getInventory(handle.db, cliActor(), slug.data);
    if (!inventory) {
      console.error(`No application with slug "${slug.data}".`);
      return 1;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(inventory)}\n`);
      return 0;
    }
    console.log(`Application ${inventory.app}: ${inventory.endpoints.length} endpoint(s), ${inventory.dependencies.length} dependenc${inventory.dependencies.length === 1 ? "y" : "ies"}\n`);
    for (const e of inventory.endpoints) console.log(`  ${e.status.padEnd(10)} ${e.method.padEnd(7)} ${e.path}  (${e.calls} calls${e.lastSeen ? `, last ${e.lastSeen}` : ""})`);
    if (inventory.dependencies.length) console.log("");
    for (const d of inventory.dependencies) console.log(`  ${d.source.padEnd(8)} ${(d.host ?? "-").padEnd(36)} ${d.provider ?? "unclassified"}  ${d.calls} calls${d.dataClasses.length ? `  data: ${d.dataClasses.join(", ")}` : ""}`);
    return 0;
  } finally {
    await handle.close();
  }
}
