// Optimistic concurrency of the policy form on PostgreSQL: saves made from the same
// version of a policy at the same moment (two people pressing Save together) — one
// wins, every other one is refused with a conflict, and the stored policy is the
// winner's, at the next version.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { policies } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { savePolicy } from "@/lib/server/policies/store";
import { ConflictError } from "@/lib/validation/errors";
import { useTestDatabase } from "../db";

const secops: Actor = { label: "secops@test", role: "secops" };
let db: Db;

beforeAll(async () => {
  db = (await useTestDatabase()).db;
});

const policy = (description: string) => ({ name: "Alert on grade D or worse", description, priority: 100, mode: "enforce", action: "alert", conditions: { all: [{ field: "provider.grade", op: "lte", value: "D" }] } });

describe("saving a policy from a stale version", () => {
  it("refuses all but one of concurrent saves made from the same version, and stores the one that won", async () => {
    const { id } = await savePolicy(db, secops, { policy: policy("original") });
    const attempts = ["first", "second", "third", "fourth"];
    const results = await Promise.allSettled(attempts.map((d) => savePolicy(db, secops, { id, version: 1, policy: policy(d) })));
    const won = attempts.filter((_, i) => results[i].status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(attempts.length - 1);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toMatch(/changed this policy since you opened it; reload/);
    }
    const [stored] = await db.select({ description: policies.description, version: policies.version }).from(policies).where(eq(policies.id, id));
    expect(stored).toEqual({ description: won[0], version: 2 });
  });

  it("refuses a save from a version that is no longer current, and changes nothing", async () => {
    const { id } = await savePolicy(db, secops, { policy: { ...policy("one"), name: "Alert on grade F" } });
    await savePolicy(db, secops, { id, version: 1, policy: { ...policy("two"), name: "Alert on grade F" } });
    await expect(savePolicy(db, secops, { id, version: 1, policy: { ...policy("stale"), name: "Alert on grade F" } })).rejects.toBeInstanceOf(ConflictError);
    const [stored] = await db.select({ description: policies.description, version: policies.version }).from(policies).where(eq(policies.id, id));
    expect(stored).toEqual({ description: "two", version: 2 });
  });
});
