"use client";
import { useState, useTransition, type FormEvent } from "react";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { NativeSelect } from "@/components/ui/native-select";
import { DEFAULT_ACCEPTANCE_DAYS, FINDING_STATES, MAX_ACCEPTANCE_DAYS } from "@/lib/domain/triage/states";
import { bulkAssignFindingsAction, bulkChangeFindingStateAction, type BulkTarget } from "@/lib/server/actions/findings";
import type { ActionResult } from "@/lib/validation/errors";
import { BULK_LIMIT } from "@/lib/validation/findings";
import { controlProps, FormField, otherErrors, type FieldErrors } from "./form-field";
import { expiryBounds, type ExpiryBounds } from "./expiry";
import { StateChangeFields, stateFieldKeys } from "./state-change-fields";

export interface Assignee {
  id: string;
  name: string;
  email: string;
}

type Scope = "selection" | "filter";

export interface BulkActionsProps {
  selectedIds: string[];
  /** Ids of the rows on the current page, for "select all on page". */
  pageIds: string[];
  onSelectPage: (on: boolean) => void;
  onClearSelection: () => void;
  /** How many findings the current filter matches, and the filter itself (the queue's URL filters). */
  matching: number | undefined;
  filter: Record<string, string>;
  assignees: Assignee[];
  onDone: (result: { ok: boolean; text: string }) => void;
}

const DESCRIBE_SCOPE = (scope: Scope, selected: number, matching: number | undefined) =>
  scope === "selection" ? `the ${selected.toLocaleString("en")} selected ${selected === 1 ? "finding" : "findings"}` : `all ${(matching ?? 0).toLocaleString("en")} findings matching this filter`;

/** The bulk bar of the queue: select all on page, scope (selection or whole filter), assign, change state, export the selection. */
export function BulkActions({ selectedIds, pageIds, onSelectPage, onClearSelection, matching, filter, assignees, onDone }: BulkActionsProps) {
  // "All matching" is chosen for one filter only: a new filter (or a finished action) goes back to the selection.
  const filterKey = JSON.stringify(filter);
  const [chosen, setChosen] = useState<{ key: string; scope: Scope }>({ key: filterKey, scope: "selection" });
  const scope: Scope = chosen.key === filterKey ? chosen.scope : "selection";
  const setScope = (next: Scope) => setChosen({ key: filterKey, scope: next });
  const [dialog, setDialog] = useState<"assign" | "state" | null>(null);
  const [expiry, setExpiry] = useState<ExpiryBounds | null>(null);
  const selected = selectedIds.length;
  const count = scope === "selection" ? selected : (matching ?? 0);
  const target: BulkTarget = scope === "selection" ? { ids: selectedIds } : { filter };
  const onPage = pageIds.filter((id) => selectedIds.includes(id)).length;
  const allOnPage = pageIds.length > 0 && onPage === pageIds.length;
  const tooMany = scope === "filter" && count > BULK_LIMIT;
  const disabled = count === 0 || tooMany;

  const finish = (result: ActionResult<unknown>) => {
    if (result.ok) {
      setDialog(null);
      setScope("selection");
      onDone({ ok: true, text: result.message ?? "Done." });
    }
  };

  return (
    <div role="region" aria-label="Bulk actions" className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md border bg-muted/40 px-3 py-2 text-sm">
      <label className="flex items-center gap-2">
        <CheckboxNative
          checked={allOnPage}
          ref={(el) => {
            if (el) el.indeterminate = onPage > 0 && !allOnPage;
          }}
          disabled={pageIds.length === 0}
          onChange={(e) => onSelectPage(e.target.checked)}
        />
        Select all on page
      </label>
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="sr-only">Apply bulk actions to</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="bulk-scope" className="accent-primary" checked={scope === "selection"} onChange={() => setScope("selection")} />
          Selected ({selected.toLocaleString("en")})
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="bulk-scope" className="accent-primary" checked={scope === "filter"} onChange={() => setScope("filter")} />
          All {matching === undefined ? "" : `${matching.toLocaleString("en")} `}findings matching this filter
        </label>
      </fieldset>
      <div className="ml-auto flex flex-wrap items-center gap-2">
        {tooMany && <span className="text-xs text-danger-foreground">More than {BULK_LIMIT.toLocaleString("en")}: narrow the filter first.</span>}
        <Button size="sm" variant="outline" disabled={disabled} onClick={() => setDialog("assign")}>
          Assign…
        </Button>
        <Button
          size="sm"
          variant="outline"
          disabled={disabled}
          onClick={() => {
            setExpiry(expiryBounds(new Date(), DEFAULT_ACCEPTANCE_DAYS, MAX_ACCEPTANCE_DAYS));
            setDialog("state");
          }}
        >
          Change state…
        </Button>
        {selected > 0 ? (
          <Button asChild size="sm" variant="outline">
            <a href={`/api/v1/findings?format=csv&ids=${selectedIds.join(",")}`} download>
              <Download aria-hidden className="size-4" />
              Export selection (CSV)
            </a>
          </Button>
        ) : (
          <Button size="sm" variant="outline" disabled>
            <Download aria-hidden className="size-4" />
            Export selection (CSV)
          </Button>
        )}
        {selected > 0 && (
          <Button size="sm" variant="ghost" onClick={onClearSelection}>
            Clear selection
          </Button>
        )}
      </div>

      <Dialog open={dialog === "assign"} onOpenChange={(open) => !open && setDialog(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Assign {DESCRIBE_SCOPE(scope, selected, matching)}</DialogTitle>
            <DialogDescription>Each finding records the change in its history and the audit log. All of them change, or none.</DialogDescription>
          </DialogHeader>
          <BulkAssignForm target={target} assignees={assignees} onResult={finish} onCancel={() => setDialog(null)} />
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "state"} onOpenChange={(open) => !open && setDialog(null)}>
        <DialogContent className="sm:max-w-xl">
          <DialogHeader>
            <DialogTitle>Change the state of {DESCRIBE_SCOPE(scope, selected, matching)}</DialogTitle>
            <DialogDescription>Findings already in that state, or that cannot make the move from theirs, are skipped and counted. All the others change, or none.</DialogDescription>
          </DialogHeader>
          {expiry && <BulkStateForm target={target} expiry={expiry} onResult={finish} onCancel={() => setDialog(null)} />}
        </DialogContent>
      </Dialog>
    </div>
  );
}

function FormErrors({ result, shown }: { result: ActionResult<unknown> | null; shown: string[] }) {
  if (!result || result.ok) return null;
  // The field's own message already sits next to it; repeat only what no field shows.
  const inFields = shown.flatMap((key) => result.fieldErrors?.[key] ?? []);
  const extra = otherErrors(result.fieldErrors, shown);
  const messages = [...(inFields.includes(result.error) ? [] : [result.error]), ...extra.filter((m) => m !== result.error)];
  if (!messages.length) return null;
  return (
    <p role="alert" className="text-sm text-danger-foreground">
      {messages.join(" ")}
    </p>
  );
}

function BulkAssignForm({ target, assignees, onResult, onCancel }: { target: BulkTarget; assignees: Assignee[]; onResult: (r: ActionResult<unknown>) => void; onCancel: () => void }) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const errors: FieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get("assigneeId");
    start(async () => {
      const r = await bulkAssignFindingsAction(target, typeof value === "string" && value ? value : null);
      setResult(r);
      onResult(r);
    });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <FormField id="bulk-assignee" label="Assignee" errors={errors?.["action.assigneeId"]}>
        <NativeSelect {...controlProps("bulk-assignee", "assigneeId", errors?.["action.assigneeId"])} defaultValue="">
          <option value="">Unassign</option>
          {assignees.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.email})
            </option>
          ))}
        </NativeSelect>
      </FormField>
      <FormErrors result={result} shown={["action.assigneeId"]} />
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Assigning…" : "Assign"}
        </Button>
      </DialogFooter>
    </form>
  );
}

function BulkStateForm({ target, expiry, onResult, onCancel }: { target: BulkTarget; expiry: ExpiryBounds; onResult: (r: ActionResult<unknown>) => void; onCancel: () => void }) {
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, start] = useTransition();
  const errors: FieldErrors = result && !result.ok ? result.fieldErrors : undefined;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    start(async () => {
      const r = await bulkChangeFindingStateAction(target, data);
      setResult(r);
      onResult(r);
    });
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <StateChangeFields idPrefix="bulk" options={FINDING_STATES} errors={errors} errorPrefix="action.change." expiry={expiry} />
      <FormErrors result={result} shown={stateFieldKeys("action.change.")} />
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Applying…" : "Apply state change"}
        </Button>
      </DialogFooter>
    </form>
  );
}
