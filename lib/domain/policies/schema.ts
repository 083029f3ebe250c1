// Validation of policies as people write them (the UI form, a YAML or JSON file
// applied from CI, the API). One message per field, with its path
// ("policies.2.conditions.all.0.op"), so a pipeline log says what to fix.
import { z } from "zod";
import { conditionDirection, fieldSpec, FIELD_NAMES, GRADES, OPS_BY_TYPE, type FieldSpec } from "./fields";
import { CONDITION_OPS, POLICY_ACTIONS, POLICY_MODES, type Condition, type ConditionOp, type PolicyAction, type PolicyDefinition } from "./types";

export const MAX_POLICIES_PER_FILE = 500;
export const MAX_CONDITIONS = 50;
export const MAX_DEPTH = 4;
export const MAX_EXCEPTION_DAYS = 366;

const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);
const leafSchema = z
  .object({
    field: z.string().min(1).max(80),
    op: z.enum(CONDITION_OPS, { error: () => `op must be one of ${CONDITION_OPS.join(", ")}` }),
    value: z.union([scalar, z.array(z.union([z.string().max(200), z.number().finite()])).min(1).max(200)]),
  })
  .strict()
  // Field, operator and value are checked here, so they are reported even when the policy's other fields are wrong.
  .superRefine((c, ctx) => {
    for (const problem of leafShapeProblems(c)) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  });

type ConditionInput = z.infer<typeof leafSchema> | { all: ConditionInput[] } | { any: ConditionInput[] };
const conditionSchema: z.ZodType<ConditionInput> = z.lazy(() =>
  z.union([
    leafSchema,
    z.object({ all: z.array(conditionSchema).min(1).max(MAX_CONDITIONS) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1).max(MAX_CONDITIONS) }).strict(),
  ], { error: () => "a condition is {field, op, value}, {all: [...]} or {any: [...]}" }),
);

export const policyNameSchema = z.string().trim().min(1, "name is required").max(120).regex(/^[^\u0000-\u001f]*$/, "name must not contain control characters");

export const policyDefinitionSchema = z
  .object({
    name: policyNameSchema,
    description: z.string().trim().max(2000).optional(),
    priority: z.number().int("priority must be a whole number").min(0).max(100_000).default(100),
    mode: z.enum(POLICY_MODES, { error: () => "mode must be enforce or monitor" }).default("enforce"),
    action: z.enum(POLICY_ACTIONS, { error: () => `action must be one of ${POLICY_ACTIONS.join(", ")}` }),
    enabled: z.boolean().default(true),
    conditions: z.union([
      z.object({ all: z.array(conditionSchema).min(1).max(MAX_CONDITIONS) }).strict(),
      z.object({ any: z.array(conditionSchema).min(1).max(MAX_CONDITIONS) }).strict(),
    ], { error: () => "conditions must be {all: [...]} or {any: [...]}" }),
  })
  .strict()
  .superRefine((policy, ctx) => {
    let count = 0;
    const visit = (c: ConditionInput, path: (string | number)[], depth: number) => {
      if (depth > MAX_DEPTH) {
        ctx.addIssue({ code: "custom", path, message: `conditions nest at most ${MAX_DEPTH} levels deep` });
        return;
      }
      if ("all" in c || "any" in c) {
        const key = "all" in c ? "all" : "any";
        const list = "all" in c ? c.all : c.any;
        list.forEach((child, i) => visit(child, [...path, key, i], depth + 1));
        return;
      }
      count += 1;
      const problem = leafDirectionProblem(c, policy.action);
      if (problem) ctx.addIssue({ code: "custom", path: [...path, ...problem.path], message: problem.message });
    };
    visit(policy.conditions, ["conditions"], 1);
    if (count > MAX_CONDITIONS) ctx.addIssue({ code: "custom", path: ["conditions"], message: `at most ${MAX_CONDITIONS} conditions per policy` });
  });

export type PolicyDefinitionInput = z.input<typeof policyDefinitionSchema>;

/** The policies-as-code file: `{policies: [...]}`, names unique within it. */
export const policyFileSchema = z
  .object({ policies: z.array(policyDefinitionSchema).max(MAX_POLICIES_PER_FILE) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.policies.forEach((p, i) => {
      const first = seen.get(p.name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["policies", i, "name"], message: `"${p.name}" is already the name of policy ${first}` });
      else seen.set(p.name, i);
    });
  });

function leafShapeProblems(c: { field: string; op: ConditionOp; value: unknown }): { path: string[]; message: string }[] {
  const spec = fieldSpec(c.field);
  if (!spec) return [{ path: ["field"], message: `unknown field "${c.field}"; fields are ${FIELD_NAMES.join(", ")}` }];
  const ops = OPS_BY_TYPE[spec.type];
  if (!ops.includes(c.op)) return [{ path: ["op"], message: `${c.field} is a ${spec.type === "set" ? "list" : spec.type}: op must be one of ${ops.join(", ")}` }];
  const valueProblem = checkValue(spec, c.field, c.op, c.value);
  if (valueProblem) return [{ path: ["value"], message: valueProblem }];
  if (conditionDirection(spec, c.op, c.value) === "mixed") {
    return [{ path: ["op"], message: `${c.field} ${c.op}: compare reputation with lt/lte (a worse provider) or gt/gte (a better one), so that a provider getting worse can never be allowed by it` }];
  }
  return [];
}

/** A reputation condition must point the way its action does (see fields.ts). Null when it does, or the leaf is invalid anyway. */
function leafDirectionProblem(c: { field: string; op: ConditionOp; value: unknown }, action: PolicyAction): { path: string[]; message: string } | null {
  const spec = fieldSpec(c.field);
  if (!spec || leafShapeProblems(c).length) return null;
  const direction = conditionDirection(spec, c.op, c.value);
  if (action === "allow" && direction === "worse") {
    return { path: ["op"], message: `an allow policy may only ask for a better provider; ${c.field} ${c.op} ${JSON.stringify(c.value)} would allow a provider for being worse` };
  }
  if (action !== "allow" && direction === "better") {
    return { path: ["op"], message: `a ${action} policy may only ask for a worse provider; ${c.field} ${c.op} ${JSON.stringify(c.value)} would stop applying when the provider gets worse` };
  }
  return null;
}

function checkValue(spec: FieldSpec, field: string, op: ConditionOp, value: unknown): string | null {
  const list = op === "in" || op === "notIn";
  if (list !== Array.isArray(value) && !(spec.type === "set" && op === "contains" && Array.isArray(value))) {
    return list ? `${op} takes a list of values` : `${op} takes a single value, not a list`;
  }
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    switch (spec.type) {
      case "number":
        if (typeof v !== "number") return `${field} is a number; got ${JSON.stringify(v)}`;
        if (spec.min !== undefined && v < spec.min) return `${field} is at least ${spec.min}; got ${v}`;
        if (spec.max !== undefined && v > spec.max) return `${field} is at most ${spec.max}${spec.max === 1 ? " (a share, 0–1)" : ""}; got ${v}`;
        break;
      case "grade":
        if (typeof v !== "string" || !(GRADES as readonly string[]).includes(v)) return `${field} is a letter grade (${GRADES.join(", ")}); got ${JSON.stringify(v)}`;
        break;
      case "boolean":
        if (typeof v !== "boolean") return `${field} is true or false; got ${JSON.stringify(v)}`;
        break;
      case "string":
      case "set":
        if (typeof v !== "string") return `${field} takes text; got ${JSON.stringify(v)}`;
        if (spec.values && !spec.values.includes(v)) return `${field} is one of ${spec.values.join(", ")}; got ${JSON.stringify(v)}`;
        break;
    }
  }
  return null;
}

/** Parses a policy; the result is the typed definition (defaults filled in). */
export function toPolicyDefinition(parsed: z.output<typeof policyDefinitionSchema>): PolicyDefinition {
  return { ...parsed, conditions: parsed.conditions as PolicyDefinition["conditions"] } as PolicyDefinition;
}

/** Walks every leaf of a condition tree. */
export function leaves(c: Condition): { field: string; op: ConditionOp; value: unknown }[] {
  if ("all" in c) return c.all.flatMap(leaves);
  if ("any" in c) return c.any.flatMap(leaves);
  return [c];
}

export const exceptionSchema = z
  .object({
    application: z.string().trim().min(1).max(120),
    /** A provider slug, or a host for an unclassified dependency. */
    provider: z.string().trim().min(1).max(253).optional(),
    host: z.string().trim().toLowerCase().min(1).max(253).optional(),
    owner: z.string().trim().min(1, "owner is required").max(200),
    justification: z.string().trim().min(10, "give a justification of at least 10 characters").max(2000),
    expiresAt: z.coerce.date({ error: () => "expiresAt must be a date" }),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (!e.provider === !e.host) ctx.addIssue({ code: "custom", path: ["provider"], message: "give a provider or a host (not both)" });
  });

/** The expiry rule: in the future and at most a year away. */
export function exceptionExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (Number.isNaN(expiresAt.getTime())) return "expiresAt must be a date";
  if (expiresAt.getTime() <= now.getTime()) return "expiresAt must be in the future";
  if (expiresAt.getTime() - now.getTime() > MAX_EXCEPTION_DAYS * 86_400_000) return "an exception lasts at most one year";
  return null;
}
