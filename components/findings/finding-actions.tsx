"use client";
import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { SEVERITY_LABELS } from "@/components/ui/severity-badge";
import { Textarea } from "@/components/ui/textarea";
import type { Severity } from "@/lib/domain/triage/fingerprint";
import type { FindingState } from "@/lib/domain/triage/states";
import { assignFindingAction, changeFindingSeverityAction, changeFindingStateAction, commentFindingAction } from "@/lib/server/actions/findings";
import type { FindingChange } from "@/lib/server/triage/mutations";
import type { ActionResult } from "@/lib/validation/errors";
import { SEVERITY_VALUES } from "@/lib/validation/findings";
import { cn } from "@/lib/utils";
import type { Assignee } from "./bulk-actions";
import { controlProps, FormField, otherErrors, type FieldErrors } from "./form-field";
import type { ExpiryBounds } from "./expiry";
import { StateChangeFields, stateFieldKeys } from "./state-change-fields";

type Action = (prev: ActionResult<FindingChange> | null, formData: FormData) => Promise<ActionResult<FindingChange>>;
type Outcome = { form: string; result: ActionResult<FindingChange> };

export interface FindingActionsProps {
  id: string;
  /** The version the page shows; sent with every change so a stale edit is refused, not applied. */
  version: number;
  severity: Severity;
  assigneeId: string | null;
  /** States this finding may move to (from the server). */
  transitions: FindingState[];
  assignees: Assignee[];
  expiry: ExpiryBounds;
}

/**
 * Triage controls of one finding. Shown only when the server says the viewer
 * may triage; every action checks again. After a change the server re-renders
 * the page, and the forms (keyed on the new version) start fresh.
 */
export function FindingActions({ id, version, severity, assigneeId, transitions, assignees, expiry }: FindingActionsProps) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, start] = useTransition();
  const submit = (form: string, action: Action) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    start(async () => setOutcome({ form, result: await action(null, data) }));
  };
  const errorsOf = (form: string): FieldErrors => (outcome?.form === form && !outcome.result.ok ? outcome.result.fieldErrors : undefined);
  const failure = (form: string, shown: string[]) => (outcome?.form === form && !outcome.result.ok ? <FormFailure result={outcome.result} shown={shown} /> : null);
  const hidden = (
    <>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="expectedVersion" value={version} />
    </>
  );
  const stateErrors = errorsOf("state");
  const stateKeys = stateFieldKeys("state.");

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Actions</CardTitle>
        <CardDescription>Each change is kept in the history and the audit log.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5 pb-4">
        <p role="status" className={cn("text-sm", outcome?.result.ok ? "rounded-md border border-success-border bg-success px-3 py-2 text-success-foreground" : "sr-only")}>
          {outcome?.result.ok ? outcome.result.message : ""}
        </p>

        <Section title="Change state" id="action-state">
          {transitions.length === 0 ? (
            <p className="text-sm text-muted-foreground">No move is possible from this state.</p>
          ) : (
            <form key={`state-${version}`} onSubmit={submit("state", changeFindingStateAction)} noValidate className="space-y-3">
              {hidden}
              <StateChangeFields idPrefix="finding" options={transitions} errors={stateErrors} errorPrefix="state." expiry={expiry} />
              {failure("state", stateKeys)}
              <Button type="submit" disabled={pending}>
                Apply state change
              </Button>
            </form>
          )}
        </Section>

        <Section title="Assign" id="action-assign">
          <form key={`assign-${version}`} onSubmit={submit("assign", assignFindingAction)} noValidate className="flex flex-wrap items-end gap-2">
            {hidden}
            <div className="min-w-56 flex-1">
              <FormField id="finding-assignee" label="Assignee" errors={errorsOf("assign")?.assigneeId}>
                <NativeSelect {...controlProps("finding-assignee", "assigneeId", errorsOf("assign")?.assigneeId)} defaultValue={assigneeId ?? ""}>
                  <option value="">Unassigned</option>
                  {assignees.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name} ({u.email})
                    </option>
                  ))}
                </NativeSelect>
              </FormField>
            </div>
            <Button type="submit" variant="outline" disabled={pending}>
              Assign
            </Button>
            <div className="basis-full">{failure("assign", ["assigneeId"])}</div>
          </form>
        </Section>

        <Section title="Change severity" id="action-severity" hint="Overrides the detected severity and recomputes the SLA deadline.">
          <form key={`severity-${version}`} onSubmit={submit("severity", changeFindingSeverityAction)} noValidate className="space-y-3">
            {hidden}
            <FormField id="finding-severity" label="Severity" errors={errorsOf("severity")?.severity}>
              <NativeSelect {...controlProps("finding-severity", "severity", errorsOf("severity")?.severity)} defaultValue={severity}>
                {SEVERITY_VALUES.map((s) => (
                  <option key={s} value={s}>
                    {SEVERITY_LABELS[s]}
                  </option>
                ))}
              </NativeSelect>
            </FormField>
            <FormField id="finding-severity-reason" label="Reason for the severity change" errors={errorsOf("severity")?.severityReason}>
              <Textarea {...controlProps("finding-severity-reason", "severityReason", errorsOf("severity")?.severityReason)} maxLength={2000} required />
            </FormField>
            {failure("severity", ["severity", "severityReason"])}
            <Button type="submit" variant="outline" disabled={pending}>
              Change severity
            </Button>
          </form>
        </Section>

        <Section title="Add comment" id="action-comment">
          <form key={`comment-${version}`} onSubmit={submit("comment", commentFindingAction)} noValidate className="space-y-3">
            {hidden}
            <FormField id="finding-comment" label="Comment" errors={errorsOf("comment")?.comment}>
              <Textarea {...controlProps("finding-comment", "comment", errorsOf("comment")?.comment)} maxLength={10_000} rows={3} required />
            </FormField>
            {failure("comment", ["comment"])}
            <Button type="submit" variant="outline" disabled={pending}>
              Add comment
            </Button>
          </form>
        </Section>
      </CardContent>
    </Card>
  );
}

function Section({ title, id, hint, children }: { title: string; id: string; hint?: string; children: ReactNode }) {
  return (
    <section className="space-y-2 border-t pt-4 first-of-type:border-t-0 first-of-type:pt-0">
      <div>
        <h3 id={id} className="text-sm font-semibold">
          {title}
        </h3>
        {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
      </div>
      {children}
    </section>
  );
}

/** The answer's message, unless the field it concerns already shows it, and any message no field shows (e.g. a stale version). */
function FormFailure({ result, shown }: { result: Extract<ActionResult<FindingChange>, { ok: false }>; shown: string[] }) {
  const inFields = shown.flatMap((key) => result.fieldErrors?.[key] ?? []);
  const extra = otherErrors(result.fieldErrors, shown).filter((m) => m !== result.error);
  const messages = [...(inFields.includes(result.error) ? [] : [result.error]), ...extra];
  if (!messages.length) return null;
  return (
    <p role="alert" className="text-sm text-danger-foreground">
      {messages.join(" ")}
    </p>
  );
}
