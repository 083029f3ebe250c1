import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endpoints } from "@/db/schema";
import { mergeTemplates, splitTemplate } from "@/lib/domain/ingest/path-template";
import { mergeEndpointsSchema, splitEndpointSchema } from "@/lib/validation/endpoints";
import { parseOrThrow, ValidationError } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { reclassifyApplication } from "../ingest/reconcile";

const cols = {
  id: endpoints.id,
  applicationId: endpoints.applicationId,
  apiId: endpoints.apiId,
  method: endpoints.method,
  pathTemplate: endpoints.pathTemplate,
  documented: endpoints.documented,
  callCount: endpoints.callCount,
  firstSeenAt: endpoints.firstSeenAt,
  lastSeenAt: endpoints.lastSeenAt,
  samples: endpoints.samples,
};

/**
 * Merges endpoints inferred from traffic into one template (differing literal
 * segments become a parameter). Their calls, samples and first/last seen add up.
 */
export async function mergeEndpoints(db: Db, actor: Actor, input: unknown): Promise<{ id: string; template: string }> {
  assertCan(actor, "inventory.curate");
  const { endpointIds } = parseOrThrow(mergeEndpointsSchema, input);
  return db.transaction(async (tx) => {
    const rows = await tx.select(cols).from(endpoints).where(inArray(endpoints.id, endpointIds)).for("update");
    if (rows.length !== new Set(endpointIds).size) throw new ValidationError({ endpointIds: ["Some endpoints no longer exist; reload the page"] });
    if (rows.some((r) => r.documented)) throw new ValidationError({ endpointIds: ["Documented endpoints come from a spec and cannot be merged"] });
    const first = rows[0];
    if (rows.some((r) => r.applicationId !== first.applicationId || r.method !== first.method || r.apiId !== first.apiId)) {
      throw new ValidationError({ endpointIds: ["Only endpoints of the same application, API and method can be merged"] });
    }
    let template: string | null = first.pathTemplate;
    for (const r of rows.slice(1)) template = template ? mergeTemplates(template, r.pathTemplate) : null;
    if (!template) throw new ValidationError({ endpointIds: ["These paths have different shapes (segment counts) and cannot be merged"] });
    const keep = rows.find((r) => r.pathTemplate === template) ?? first;
    const others = rows.filter((r) => r.id !== keep.id);
    const [clash] = await tx
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(and(eq(endpoints.applicationId, first.applicationId), eq(endpoints.method, first.method), eq(endpoints.pathTemplate, template)));
    if (clash && !rows.some((r) => r.id === clash.id)) throw new ValidationError({ endpointIds: [`${first.method} ${template} already exists; merge into it instead`] });
    const times = (pick: (r: (typeof rows)[number]) => Date | null) => rows.map(pick).filter((d): d is Date => d !== null).map((d) => d.getTime());
    const firsts = times((r) => r.firstSeenAt);
    const lasts = times((r) => r.lastSeenAt);
    await tx.delete(endpoints).where(inArray(endpoints.id, others.map((o) => o.id)));
    await tx
      .update(endpoints)
      .set({
        pathTemplate: template,
        callCount: rows.reduce((a, r) => a + r.callCount, 0),
        samples: [...new Set(rows.flatMap((r) => r.samples))].slice(0, 5),
        firstSeenAt: firsts.length ? new Date(Math.min(...firsts)) : null,
        lastSeenAt: lasts.length ? new Date(Math.max(...lasts)) : null,
        inferred: true,
        inferenceConfidence: 1,
        inferenceReasons: [`merged by ${actor.label} from ${rows.map((r) => r.pathTemplate).join(", ")}`],
        updatedAt: new Date(),
      })
      .where(eq(endpoints.id, keep.id));
    await writeAudit(tx, actor, { action: "endpoint.merge", targetType: "endpoint", targetId: keep.id, detail: { method: first.method, from: rows.map((r) => r.pathTemplate), to: template } });
    await reclassifyApplication(tx, first.applicationId, new Date());
    return { id: keep.id, template };
  });
}

/**
 * Splits a literal value out of a parameter: `/users/{user}` at position 2 with
 * "me" adds `/users/me`. Calls already counted stay with the template (Sibyl does
 * not keep per-path counts); traffic from now on is counted separately.
 */
export async function splitEndpoint(db: Db, actor: Actor, input: unknown): Promise<{ id: string; template: string }> {
  assertCan(actor, "inventory.curate");
  const data = parseOrThrow(splitEndpointSchema, input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select(cols).from(endpoints).where(eq(endpoints.id, data.endpointId));
    if (!row) throw new ValidationError({ endpointId: ["Unknown endpoint"] });
    if (row.documented) throw new ValidationError({ endpointId: ["Documented endpoints come from a spec and cannot be split"] });
    // `position` is 1-based, as in the inference reasons ("segment 2 is a number"):
    // split("/") puts the empty string before the leading slash at index 0.
    const segments = row.pathTemplate.split("/");
    if (data.position < 1 || !/^\{[^}]+\}$/.test(segments[data.position] ?? "")) throw new ValidationError({ position: ["That segment is not a parameter"] });
    const template = splitTemplate(row.pathTemplate, data.position - 1, data.value);
    const [clash] = await tx
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(and(eq(endpoints.applicationId, row.applicationId), eq(endpoints.method, row.method), eq(endpoints.pathTemplate, template)));
    if (clash) throw new ValidationError({ value: [`${row.method} ${template} already exists`] });
    const matching = row.samples.filter((s) => s.split("/")[data.position] === data.value);
    const [created] = await tx
      .insert(endpoints)
      .values({
        applicationId: row.applicationId,
        apiId: row.apiId,
        method: row.method,
        pathTemplate: template,
        inferred: true,
        inferenceConfidence: 1,
        inferenceReasons: [`split by ${actor.label} from ${row.pathTemplate}`],
        samples: matching,
        callCount: 0,
        status: "shadow",
      })
      .returning({ id: endpoints.id });
    if (matching.length) await tx.update(endpoints).set({ samples: row.samples.filter((s) => !matching.includes(s)) }).where(eq(endpoints.id, row.id));
    await writeAudit(tx, actor, { action: "endpoint.split", targetType: "endpoint", targetId: created.id, detail: { method: row.method, from: row.pathTemplate, to: template } });
    await reclassifyApplication(tx, row.applicationId, new Date());
    return { id: created.id, template };
  });
}
