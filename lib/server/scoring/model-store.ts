import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scoringModels } from "@/db/schema";
import { DEFAULT_WEIGHTS, type ScoringModel } from "@/lib/domain/scoring/model";
import { FACTORS, type FactorName } from "@/lib/domain/scoring/types";
import type { Actor } from "../actor";
import { assertCan } from "../actor";
import { writeAudit } from "../audit";
import { parseOrThrow } from "@/lib/validation/errors";
import { z } from "zod";

export interface StoredModel extends ScoringModel {
  id: string;
  note: string | null;
  createdAt: string;
}

/** The current model; creates version 1 with the default weights on first use. */
export async function currentModel(db: Db): Promise<StoredModel> {
  const [row] = await db.select().from(scoringModels).orderBy(desc(scoringModels.version)).limit(1);
  if (row) return { id: row.id, version: row.version, weights: { ...DEFAULT_WEIGHTS, ...(row.weights as Record<FactorName, number>) }, note: row.note, createdAt: row.createdAt.toISOString() };
  const [created] = await db
    .insert(scoringModels)
    .values({ version: 1, weights: DEFAULT_WEIGHTS, note: "Default model" })
    .onConflictDoNothing()
    .returning();
  if (!created) return currentModel(db);
  return { id: created.id, version: 1, weights: DEFAULT_WEIGHTS, note: created.note, createdAt: created.createdAt.toISOString() };
}

export async function listModels(db: Db): Promise<StoredModel[]> {
  const rows = await db.select().from(scoringModels).orderBy(desc(scoringModels.version)).limit(100);
  return rows.map((r) => ({ id: r.id, version: r.version, weights: r.weights as Record<FactorName, number>, note: r.note, createdAt: r.createdAt.toISOString() }));
}

export const updateWeightsSchema = z.object({
  weights: z.object(Object.fromEntries(FACTORS.map((f) => [f, z.coerce.number().min(0, "0 or more").max(100, "At most 100")])) as Record<FactorName, z.ZodNumber>),
  note: z.string().trim().min(3, "Say why the weights change").max(500),
}).refine((v) => Object.values(v.weights).some((w) => w > 0), { message: "At least one weight must be above 0", path: ["weights"] });

/** A weight change creates a new model version; scores keep the version they used. */
export async function createModelVersion(db: Db, actor: Actor, input: unknown): Promise<StoredModel> {
  assertCan(actor, "scoring.write");
  const data = parseOrThrow(updateWeightsSchema, input);
  return db.transaction(async (tx) => {
    const current = await currentModel(tx);
    const [row] = await tx.insert(scoringModels).values({ version: current.version + 1, weights: data.weights, note: data.note, createdById: actor.userId ?? null }).returning();
    await writeAudit(tx, actor, { action: "scoring.model_version", targetType: "scoring_model", targetId: row.id, detail: { version: row.version, from: current.weights, to: data.weights, note: data.note } });
    return { id: row.id, version: row.version, weights: data.weights, note: row.note, createdAt: row.createdAt.toISOString() };
  });
}

export async function modelById(db: Db, id: string) {
  const [row] = await db.select().from(scoringModels).where(eq(scoringModels.id, id));
  return row;
}
