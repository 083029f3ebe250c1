"use client";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { fieldSpec, GRADES, OPS_BY_TYPE } from "@/lib/domain/policies/fields";
import type { ConditionOp } from "@/lib/domain/policies/types";
import { FIELD_OPTIONS, isListOp, newGroup, newLeaf, opLabel, withField, withOp, type Combinator, type GroupRow, type LeafRow, type PathErrors, type PolicyDraft } from "./policy-draft";

const COMBINATOR_LABELS: Record<Combinator, string> = { all: "all of these hold", any: "any of these holds" };

function RowErrors({ id, errors, path }: { id: string; errors: PathErrors; path: string }) {
  const messages = [path, `${path}.field`, `${path}.op`, `${path}.value`].flatMap((p) => errors[p] ?? []);
  if (!messages.length) return null;
  return (
    <p id={id} className="text-xs text-danger-foreground [overflow-wrap:anywhere]" data-error-path={path}>
      {messages.join(" ")}
    </p>
  );
}

function ValueInput({ row, id, label, invalid, describedBy, onChange }: { row: LeafRow; id: string; label: string; invalid: boolean; describedBy: string; onChange: (value: string) => void }) {
  const spec = fieldSpec(row.field);
  const common = { id, "aria-invalid": invalid || undefined, "aria-describedby": describedBy } as const;
  const list = isListOp(row.op);
  if (!list && spec?.type === "grade") {
    return (
      <NativeSelect {...common} aria-label={label} value={row.value} onChange={(e) => onChange(e.target.value)}>
        {GRADES.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
      </NativeSelect>
    );
  }
  if (spec?.type === "boolean") {
    return (
      <NativeSelect {...common} aria-label={label} value={row.value} onChange={(e) => onChange(e.target.value)}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </NativeSelect>
    );
  }
  if (!list && spec?.values?.length) {
    return (
      <NativeSelect {...common} aria-label={label} value={row.value} onChange={(e) => onChange(e.target.value)}>
        {spec.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </NativeSelect>
    );
  }
  if (!list && spec?.type === "number") {
    return <Input {...common} aria-label={label} type="number" inputMode="decimal" step="any" min={spec.min} max={spec.max} value={row.value} onChange={(e) => onChange(e.target.value)} />;
  }
  const allowed = spec?.type === "grade" ? GRADES : spec?.values;
  return (
    <Input
      {...common}
      aria-label={`${label}${list ? " (comma-separated)" : ""}`}
      value={row.value}
      placeholder={list ? (allowed ? allowed.slice(0, 3).join(", ") : "a, b, c") : spec?.type === "set" ? "one value" : "value"}
      title={allowed ? `One or more of: ${allowed.join(", ")}` : undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

function LeafEditor({ row, path, label, errors, disabled, onChange, onRemove }: { row: LeafRow; path: string; label: string; errors: PathErrors; disabled: boolean; onChange: (row: LeafRow) => void; onRemove?: () => void }) {
  const spec = fieldSpec(row.field);
  const ops: readonly ConditionOp[] = spec ? OPS_BY_TYPE[spec.type] : [row.op];
  const id = `cond-${row.key}`;
  const errorId = `${id}-error`;
  const bad = (k: string) => Boolean(errors[`${path}.${k}`]?.length);
  return (
    <li className="space-y-1" data-condition={path}>
      <div className="grid grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1fr)_2rem] items-center gap-2">
        <NativeSelect id={`${id}-field`} aria-label={`Field of ${label}`} aria-invalid={bad("field") || undefined} aria-describedby={errorId} value={row.field} disabled={disabled} onChange={(e) => onChange(withField(row, e.target.value))}>
          {!spec && <option value={row.field}>{row.field}</option>}
          {FIELD_OPTIONS.map((f) => (
            <option key={f.name} value={f.name}>
              {f.label}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect id={`${id}-op`} aria-label={`Operator of ${label}`} aria-invalid={bad("op") || undefined} aria-describedby={errorId} value={row.op} disabled={disabled} onChange={(e) => onChange(withOp(row, e.target.value as ConditionOp))}>
          {ops.map((op) => (
            <option key={op} value={op}>
              {opLabel(spec, op)}
            </option>
          ))}
        </NativeSelect>
        <ValueInput row={row} id={`${id}-value`} label={`Value of ${label}`} invalid={bad("value")} describedBy={errorId} onChange={(value) => onChange({ ...row, value })} />
        {onRemove ? (
          <Button variant="ghost" size="icon" onClick={onRemove} aria-label={`Remove ${label}`} disabled={disabled}>
            <Trash2 aria-hidden />
          </Button>
        ) : (
          <span />
        )}
      </div>
      <RowErrors id={errorId} errors={errors} path={path} />
    </li>
  );
}

/** The condition tree as rows: a top-level all/any of conditions, each a {field, op, value} or one nested group. */
export function ConditionBuilder({ draft, errors, onChange }: { draft: PolicyDraft; errors: PathErrors; onChange: (patch: Partial<PolicyDraft>) => void }) {
  const base = `conditions.${draft.combinator}`;
  const setRow = (i: number, row: LeafRow | GroupRow) => onChange({ rows: draft.rows.map((r, j) => (j === i ? row : r)) });
  const remove = (i: number) => onChange({ rows: draft.rows.filter((_, j) => j !== i) });
  const topErrors = [...(errors.conditions ?? []), ...(errors[base] ?? [])];
  return (
    <fieldset className="space-y-3 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">Conditions</legend>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor="policy-combinator">Applies when</label>
        <NativeSelect id="policy-combinator" value={draft.combinator} onChange={(e) => onChange({ combinator: e.target.value as Combinator })} wrapperClassName="w-48">
          <option value="all">{COMBINATOR_LABELS.all}</option>
          <option value="any">{COMBINATOR_LABELS.any}</option>
        </NativeSelect>
      </div>
      <div aria-hidden className="grid grid-cols-[minmax(0,1.3fr)_minmax(0,1fr)_minmax(0,1fr)_2rem] gap-2 text-xs font-medium text-muted-foreground">
        <span>Field</span>
        <span>Operator</span>
        <span>Value</span>
      </div>
      <ol className="space-y-2">
        {draft.rows.map((row, i) =>
          row.kind === "leaf" ? (
            <LeafEditor key={row.key} row={row} path={`${base}.${i}`} label={`condition ${i + 1}`} errors={errors} disabled={false} onChange={(r) => setRow(i, r)} onRemove={draft.rows.length > 1 ? () => remove(i) : undefined} />
          ) : (
            <li key={row.key} className="space-y-2 rounded-md border border-dashed bg-muted/40 p-2" data-condition={`${base}.${i}`}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <label htmlFor={`group-${row.key}`}>Group {i + 1}: holds when</label>
                <NativeSelect id={`group-${row.key}`} value={row.combinator} onChange={(e) => setRow(i, { ...row, combinator: e.target.value as Combinator })} wrapperClassName="w-48">
                  <option value="all">{COMBINATOR_LABELS.all}</option>
                  <option value="any">{COMBINATOR_LABELS.any}</option>
                </NativeSelect>
                <Button variant="ghost" size="sm" className="ml-auto" onClick={() => remove(i)} aria-label={`Remove group ${i + 1}`} disabled={draft.rows.length === 1}>
                  <Trash2 aria-hidden />
                  Remove group
                </Button>
              </div>
              <ol className="space-y-2">
                {row.rows.map((leaf, k) => (
                  <LeafEditor
                    key={leaf.key}
                    row={leaf}
                    path={`${base}.${i}.${row.combinator}.${k}`}
                    label={`condition ${k + 1} of group ${i + 1}`}
                    errors={errors}
                    disabled={false}
                    onChange={(r) => setRow(i, { ...row, rows: row.rows.map((x, j) => (j === k ? r : x)) })}
                    onRemove={row.rows.length > 1 ? () => setRow(i, { ...row, rows: row.rows.filter((_, j) => j !== k) }) : undefined}
                  />
                ))}
              </ol>
              <Button variant="outline" size="sm" onClick={() => setRow(i, { ...row, rows: [...row.rows, newLeaf()] })}>
                <Plus aria-hidden />
                Add condition to group {i + 1}
              </Button>
              <RowErrors id={`group-${row.key}-error`} errors={errors} path={`${base}.${i}.${row.combinator}`} />
            </li>
          ),
        )}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" size="sm" onClick={() => onChange({ rows: [...draft.rows, newLeaf()] })}>
          <Plus aria-hidden />
          Add condition
        </Button>
        <Button variant="outline" size="sm" onClick={() => onChange({ rows: [...draft.rows, newGroup()] })}>
          <Plus aria-hidden />
          Add group
        </Button>
      </div>
      {topErrors.length > 0 && <p className="text-xs text-danger-foreground">{topErrors.join(" ")}</p>}
    </fieldset>
  );
}
