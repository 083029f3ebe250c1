"use client";
import { useState } from "react";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { NOT_AFFECTED_JUSTIFICATIONS, NOT_AFFECTED_LABELS, STATE_LABELS, type FindingState } from "@/lib/domain/triage/states";
import type { ExpiryBounds } from "./expiry";
import { controlProps, FormField, type FieldErrors } from "./form-field";

/** Server keys for each field, under `prefix` ("state." for one finding, "action.change." for bulk). */
export function stateFieldKeys(prefix: string): string[] {
  return ["to", "justification", "notAffected", "acceptance", "acceptance.owner", "acceptance.decision", "acceptance.compensatingControls", "acceptance.expiresAt"].map((k) => `${prefix}${k}`);
}

/**
 * Target state and the fields that state needs: a justification (required for
 * false positive), the not-affected reason, or the risk acceptance (owner,
 * decision, compensating controls, expiry). Names match the server actions.
 */
export function StateChangeFields({ idPrefix, options, errors, errorPrefix, expiry }: { idPrefix: string; options: readonly FindingState[]; errors: FieldErrors; errorPrefix: string; expiry: ExpiryBounds }) {
  const [to, setTo] = useState<FindingState | "">("");
  const e = (key: string) => errors?.[`${errorPrefix}${key}`];
  const id = (name: string) => `${idPrefix}-${name}`;
  const acceptanceErrors = e("acceptance");
  return (
    <>
      <FormField id={id("to")} label="Target state" errors={e("to")}>
        <NativeSelect {...controlProps(id("to"), "to", e("to"))} value={to} onChange={(ev) => setTo(ev.target.value as FindingState | "")} required>
          <option value="" disabled>
            Choose a state…
          </option>
          {options.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </NativeSelect>
      </FormField>

      {to === "not_affected" && (
        <FormField id={id("not-affected")} label="Not-affected reason" errors={e("notAffected")} hint="Why the finding does not apply (Dependency-Track's justifications).">
          <NativeSelect {...controlProps(id("not-affected"), "notAffected", e("notAffected"), true)} defaultValue="" required>
            <option value="" disabled>
              Choose a reason…
            </option>
            {NOT_AFFECTED_JUSTIFICATIONS.map((j) => (
              <option key={j} value={j}>
                {NOT_AFFECTED_LABELS[j]}
              </option>
            ))}
          </NativeSelect>
        </FormField>
      )}

      {to !== "risk_accepted" && (
        <FormField
          id={id("justification")}
          label="Justification"
          errors={e("justification")}
          hint={to === "false_positive" ? "Required: say why the detection is wrong." : "Optional; kept in the finding's history and the audit log."}
        >
          <Textarea {...controlProps(id("justification"), "justification", e("justification"), true)} maxLength={4000} required={to === "false_positive"} />
        </FormField>
      )}

      {to === "risk_accepted" && (
        <fieldset className="space-y-3 rounded-md border p-3">
          <legend className="px-1 text-sm font-medium">Risk acceptance</legend>
          {acceptanceErrors && (
            <p role="alert" className="text-xs text-danger-foreground">
              {acceptanceErrors.join(" ")}
            </p>
          )}
          <FormField id={id("owner")} label="Risk owner" errors={e("acceptance.owner")} hint="The person who accepts the risk on the business's behalf.">
            <Input {...controlProps(id("owner"), "owner", e("acceptance.owner"), true)} maxLength={200} required autoComplete="off" />
          </FormField>
          <FormField id={id("decision")} label="Decision" errors={e("acceptance.decision")} hint="Why the risk is accepted.">
            <Textarea {...controlProps(id("decision"), "decision", e("acceptance.decision"), true)} maxLength={4000} required />
          </FormField>
          <FormField id={id("controls")} label="Compensating controls" errors={e("acceptance.compensatingControls")} hint="What limits the risk meanwhile (or write 'none').">
            <Textarea {...controlProps(id("controls"), "compensatingControls", e("acceptance.compensatingControls"), true)} maxLength={4000} required />
          </FormField>
          <FormField id={id("expires")} label="Expires on" errors={e("acceptance.expiresAt")} hint="At most one year; the finding reopens when the acceptance expires.">
            <Input type="date" {...controlProps(id("expires"), "expiresAt", e("acceptance.expiresAt"), true)} defaultValue={expiry.defaultValue} min={expiry.min} max={expiry.max} required />
          </FormField>
        </fieldset>
      )}
    </>
  );
}
