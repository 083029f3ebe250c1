// The policy form's state and its two-way mapping to a policy definition (the
// file format). The form holds values as text, the way people type them; the
// definition holds them typed by the field (number, grade, boolean, list), so
// the shared zod schema (lib/domain/policies/schema.ts) judges exactly what the
// server will judge.
import { fieldSpec, FIELD_NAMES, OPS_BY_TYPE, type FieldSpec } from "@/lib/domain/policies/fields";
import { policyDefinitionSchema } from "@/lib/domain/policies/schema";
import type { Condition, ConditionOp, ConditionValue, PolicyAction, PolicyDefinition, PolicyMode } from "@/lib/domain/policies/types";

export type Combinator = "all" | "any";

export interface LeafRow {
  kind: "leaf";
  key: string;
  field: string;
  op: ConditionOp;
  /** As typed: a list is comma-separated. */
  value: string;
}

export interface GroupRow {
  kind: "group";
  key: string;
  combinator: Combinator;
  rows: LeafRow[];
}

export interface PolicyDraft {
  name: string;
  description: string;
  priority: string;
  mode: PolicyMode;
  action: PolicyAction;
  enabled: boolean;
  combinator: Combinator;
  rows: (LeafRow | GroupRow)[];
}

let counter = 0;
const nextKey = () => `row-${++counter}`;

export const isListOp = (op: ConditionOp) => op === "in" || op === "notIn";

/** The value a row starts with when its field or operator changes: the first allowed value of a closed list, else empty. */
export function defaultValue(spec: FieldSpec | null, op: ConditionOp): string {
  if (!spec) return "";
  if (spec.type === "boolean") return "true";
  if (spec.type === "grade") return isListOp(op) ? "D, F" : "F";
  if (spec.values?.length && !isListOp(op)) return spec.values[0];
  return "";
}

export function newLeaf(field = "provider.grade", op?: ConditionOp): LeafRow {
  const spec = fieldSpec(field);
  const o = op ?? (spec ? (spec.type === "grade" || spec.type === "number" ? (OPS_BY_TYPE[spec.type].includes("lte") ? "lte" : OPS_BY_TYPE[spec.type][0]) : OPS_BY_TYPE[spec.type][0]) : "eq");
  return { kind: "leaf", key: nextKey(), field, op: o, value: defaultValue(spec, o) };
}

export function newGroup(): GroupRow {
  return { kind: "group", key: nextKey(), combinator: "any", rows: [newLeaf()] };
}

export function emptyDraft(): PolicyDraft {
  return { name: "", description: "", priority: "100", mode: "enforce", action: "quarantine", enabled: true, combinator: "all", rows: [newLeaf()] };
}

/** A row after its field changed: an operator the new field accepts and a value of its type. */
export function withField(row: LeafRow, field: string): LeafRow {
  const spec = fieldSpec(field);
  const ops = spec ? OPS_BY_TYPE[spec.type] : [];
  const op = ops.includes(row.op) ? row.op : (ops[0] ?? "eq");
  const sameType = fieldSpec(row.field)?.type === spec?.type && fieldSpec(row.field)?.values === spec?.values;
  return { ...row, field, op, value: sameType ? row.value : defaultValue(spec, op) };
}

export function withOp(row: LeafRow, op: ConditionOp): LeafRow {
  const wasList = isListOp(row.op);
  if (wasList === isListOp(op)) return { ...row, op };
  const spec = fieldSpec(row.field);
  // From a list to one value keep the first item; from one value to a list keep it as the list's first item.
  const first = row.value.split(",")[0]?.trim() ?? "";
  return { ...row, op, value: wasList ? first || defaultValue(spec, op) : row.value };
}

function typed(spec: FieldSpec | null, text: string): string | number | boolean {
  const t = text.trim();
  if (!spec) return t;
  if (spec.type === "number") return t === "" || Number.isNaN(Number(t)) ? t : Number(t);
  if (spec.type === "boolean") return t === "true" ? true : t === "false" ? false : t;
  return t;
}

export function leafValue(row: Pick<LeafRow, "field" | "op" | "value">): ConditionValue {
  const spec = fieldSpec(row.field);
  if (isListOp(row.op)) {
    return row.value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => typed(spec, s) as string | number);
  }
  return typed(spec, row.value);
}

const toCondition = (row: LeafRow): Condition => ({ field: row.field, op: row.op, value: leafValue(row) });

/** The definition the form describes (not yet validated). */
export function toDefinition(d: PolicyDraft): PolicyDefinition {
  const conditions = d.rows.map((r) => (r.kind === "leaf" ? toCondition(r) : r.combinator === "all" ? { all: r.rows.map(toCondition) } : { any: r.rows.map(toCondition) }));
  const priority = d.priority.trim() === "" ? Number.NaN : Number(d.priority);
  return {
    name: d.name,
    ...(d.description.trim() ? { description: d.description } : {}),
    priority: Number.isNaN(priority) ? (d.priority as unknown as number) : priority,
    mode: d.mode,
    action: d.action,
    enabled: d.enabled,
    conditions: d.combinator === "all" ? { all: conditions } : { any: conditions },
  };
}

const valueText = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));

/** The form state of a definition, or null when its conditions nest deeper than the form shows (edit it as YAML). */
export function fromDefinition(p: PolicyDefinition): PolicyDraft | null {
  const [combinator, list] = "all" in p.conditions ? (["all", p.conditions.all] as const) : (["any", p.conditions.any] as const);
  const leaf = (c: Condition): LeafRow | null => ("field" in c ? { kind: "leaf", key: nextKey(), field: c.field, op: c.op, value: valueText(c.value) } : null);
  const rows: PolicyDraft["rows"] = [];
  for (const c of list) {
    if ("field" in c) {
      rows.push(leaf(c) as LeafRow);
      continue;
    }
    const [gc, children] = "all" in c ? (["all", c.all] as const) : (["any", c.any] as const);
    const leaves = children.map(leaf);
    if (leaves.some((l) => l === null)) return null;
    rows.push({ kind: "group", key: nextKey(), combinator: gc, rows: leaves as LeafRow[] });
  }
  return { name: p.name, description: p.description ?? "", priority: String(p.priority), mode: p.mode, action: p.action, enabled: p.enabled, combinator, rows };
}

/** Messages by path ("conditions.all.0.op"), as the API answers them. */
export type PathErrors = Record<string, string[]>;

export function validate(definition: unknown): { ok: true; policy: PolicyDefinition } | { ok: false; errors: PathErrors } {
  const result = policyDefinitionSchema.safeParse(definition);
  if (result.success) return { ok: true, policy: result.data as PolicyDefinition };
  const errors: PathErrors = {};
  for (const issue of result.error.issues) (errors[issue.path.length ? issue.path.join(".") : "_form"] ??= []).push(issue.message);
  return { ok: false, errors };
}

/** The API's errors for a file (`policies.0.conditions…`) as errors of the one policy. */
export function unprefix(errors: PathErrors | undefined): PathErrors {
  const out: PathErrors = {};
  for (const [k, v] of Object.entries(errors ?? {})) (out[k.replace(/^policies\.0\.?/, "") || "_form"] ??= []).push(...v);
  return out;
}

/** Readable labels for the field picker: "Provider · grade". */
export const FIELD_OPTIONS = FIELD_NAMES.map((name) => {
  const spec = fieldSpec(name);
  const [area] = name.split(".");
  return { name, label: `${area[0].toUpperCase()}${area.slice(1)} · ${spec?.label ?? name}` };
});

export const OP_LABELS: Record<ConditionOp, string> = {
  eq: "is",
  ne: "is not",
  lt: "is below",
  lte: "is at most",
  gt: "is above",
  gte: "is at least",
  in: "is one of",
  notIn: "is none of",
  contains: "contains",
};

/** For a grade, "at most" reads as "this grade or worse". */
export function opLabel(spec: FieldSpec | null, op: ConditionOp): string {
  if (spec?.type === "grade") return ({ lt: "is worse than", lte: "is this or worse", gt: "is better than", gte: "is this or better" } as Partial<Record<ConditionOp, string>>)[op] ?? OP_LABELS[op];
  if (spec?.type === "set") return ({ contains: "includes", in: "includes any of", notIn: "includes none of" } as Partial<Record<ConditionOp, string>>)[op] ?? OP_LABELS[op];
  return OP_LABELS[op];
}
