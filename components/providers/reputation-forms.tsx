"use client";
import { useCallback, useState } from "react";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { ATTESTATION_LABELS, type AuthMethod } from "@/lib/domain/scoring/analyst-factors";
import { FACTORS, type FactorName } from "@/lib/domain/scoring/types";
import { clearOverrideAction, recordAttestationAction, recordAuthenticationAction, recordIncidentAction, recordOverrideAction } from "@/lib/server/actions/reputation";
import { FieldError } from "@/components/settings/field-error";
import { control, EvidenceDialog, Field, type FieldErrors } from "./evidence-dialog";
import { AUTH_METHOD_LABELS, FACTOR_LABELS, formatScore } from "./format";

export interface CurrentAuth {
  methods: AuthMethod[];
  shortLivedTokens: boolean;
  keyRotation: boolean;
}

function Justification({ id, errors, hint }: { id: string; errors: FieldErrors; hint?: string }) {
  return (
    <Field id={id} label="Justification" errors={errors?.justification} hint={hint ?? "Why this is right; kept in the audit log (at least 10 characters)."}>
      <Textarea {...control(id, "justification", errors)} maxLength={2000} required />
    </Field>
  );
}

function Status({ message }: { message: string | null }) {
  return (
    <p role="status" className="min-h-5 text-sm text-success-foreground" data-testid="evidence-status">
      {message}
    </p>
  );
}

function AttestationFields({ errors }: { errors: FieldErrors }) {
  return (
    <>
      <Field id="att-kind" label="Attestation" errors={errors?.kind}>
        <NativeSelect {...control("att-kind", "kind", errors)} defaultValue="">
          <option value="" disabled>
            Choose…
          </option>
          {Object.entries(ATTESTATION_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="att-issued" label="Issued on" errors={errors?.issuedOn}>
          <Input type="date" {...control("att-issued", "issuedOn", errors)} />
        </Field>
        <Field id="att-expires" label="Expires on" errors={errors?.expiresOn} hint="An expired attestation is kept but earns nothing.">
          <Input type="date" {...control("att-expires", "expiresOn", errors)} required />
        </Field>
      </div>
      <Field id="att-url" label="Evidence URL (optional)" errors={errors?.evidenceUrl}>
        <Input type="url" {...control("att-url", "evidenceUrl", errors)} maxLength={2000} placeholder="https://trust.example.com/soc2" />
      </Field>
      <Justification id="att-justification" errors={errors} />
    </>
  );
}

function IncidentFields({ errors }: { errors: FieldErrors }) {
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="inc-date" label="Occurred on" errors={errors?.occurredOn}>
          <Input type="date" {...control("inc-date", "occurredOn", errors)} required />
        </Field>
        <Field id="inc-severity" label="Severity" errors={errors?.severity}>
          <NativeSelect {...control("inc-severity", "severity", errors)} defaultValue="">
            <option value="" disabled>
              Choose…
            </option>
            <option value="critical">Critical</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </NativeSelect>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <CheckboxNative name="breach" /> Customer data was breached <span className="text-muted-foreground">(caps the grade at C for 90 days)</span>
      </label>
      <Field id="inc-description" label="Description" errors={errors?.description}>
        <Textarea {...control("inc-description", "description", errors)} maxLength={2000} required />
      </Field>
      <Field id="inc-source" label="Source link (optional)" errors={errors?.sourceUrl}>
        <Input type="url" {...control("inc-source", "sourceUrl", errors)} maxLength={2000} placeholder="https://status.example.com/incidents/123" />
      </Field>
    </>
  );
}

function OverrideFields({ errors, subscores }: { errors: FieldErrors; subscores: Record<FactorName, number | null> }) {
  return (
    <>
      <Field id="ovr-factor" label="Factor" errors={errors?.factor}>
        <NativeSelect {...control("ovr-factor", "factor", errors)} defaultValue="">
          <option value="" disabled>
            Choose…
          </option>
          {FACTORS.map((f) => (
            <option key={f} value={f}>
              {FACTOR_LABELS[f]} (now {subscores[f] === null ? "no data" : formatScore(subscores[f])})
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="ovr-subscore" label="Subscore (0–100)" errors={errors?.subscore} hint="Replaces the measured subscore until cleared; the factor's caps still apply.">
        <Input type="number" min={0} max={100} step={1} {...control("ovr-subscore", "subscore", errors)} required />
      </Field>
      <Justification id="ovr-justification" errors={errors} />
    </>
  );
}

function AuthenticationFields({ errors, current }: { errors: FieldErrors; current: CurrentAuth | null }) {
  return (
    <>
      <fieldset className="space-y-1" aria-describedby="auth-methods-error">
        <legend className="mb-1 text-sm font-medium">Methods the API accepts</legend>
        {(Object.keys(AUTH_METHOD_LABELS) as AuthMethod[]).map((m) => (
          <label key={m} className="flex items-center gap-2 text-sm">
            <CheckboxNative name="methods" value={m} defaultChecked={current?.methods.includes(m)} /> {AUTH_METHOD_LABELS[m]}
          </label>
        ))}
        <FieldError id="auth-methods-error" messages={errors?.methods} />
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="mb-1 text-sm font-medium">Token hygiene</legend>
        <label className="flex items-center gap-2 text-sm">
          <CheckboxNative name="shortLivedTokens" defaultChecked={current?.shortLivedTokens} /> Short-lived access tokens
        </label>
        <label className="flex items-center gap-2 text-sm">
          <CheckboxNative name="keyRotation" defaultChecked={current?.keyRotation} /> Key rotation supported
        </label>
      </fieldset>
      <Justification id="auth-justification" errors={errors} hint="Where this comes from, e.g. the provider's API documentation (at least 10 characters)." />
    </>
  );
}

/** The analyst's forms for one provider (rendered only for users with providers.write; the actions check again). */
export function ReputationActions({ slug, subscores, currentAuth }: { slug: string; subscores: Record<FactorName, number | null>; currentAuth: CurrentAuth | null }) {
  const [message, setMessage] = useState<string | null>(null);
  const onSuccess = useCallback((m: string) => setMessage(m), []);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <EvidenceDialog label="Record an attestation" title="Record an attestation" description="A SOC 2 Type II, ISO/IEC 27001 or PCI DSS attestation of this provider. The provider is rescored at once." slug={slug} action={recordAttestationAction} submitLabel="Record attestation" onSuccess={onSuccess}>
          {(errors) => <AttestationFields errors={errors} />}
        </EvidenceDialog>
        <EvidenceDialog label="Record an incident" title="Record an incident" description="A security incident the provider disclosed or that affected you. It weighs less as it ages (half-life 180 days)." slug={slug} action={recordIncidentAction} submitLabel="Record incident" onSuccess={onSuccess}>
          {(errors) => <IncidentFields errors={errors} />}
        </EvidenceDialog>
        <EvidenceDialog label="Override a factor" title="Override a factor's subscore" description="Replace a measured subscore when you know better; the override is shown on the factor and audited." slug={slug} action={recordOverrideAction} submitLabel="Save override" onSuccess={onSuccess}>
          {(errors) => <OverrideFields errors={errors} subscores={subscores} />}
        </EvidenceDialog>
        <EvidenceDialog label="Record authentication methods" title="Record authentication methods" description="What the provider's API accepts. A weak alternative counts: the score averages the strongest and the weakest method." slug={slug} action={recordAuthenticationAction} submitLabel="Record methods" onSuccess={onSuccess}>
          {(errors) => <AuthenticationFields errors={errors} current={currentAuth} />}
        </EvidenceDialog>
      </div>
      <Status message={message} />
    </div>
  );
}

/** Clears one active override (with a justification), returning the factor to its measured subscore. */
export function ClearOverrideButton({ slug, factor }: { slug: string; factor: FactorName }) {
  const [message, setMessage] = useState<string | null>(null);
  const onSuccess = useCallback((m: string) => setMessage(m), []);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <EvidenceDialog label="Clear" triggerLabel={`Clear the override of ${FACTOR_LABELS[factor]}`} title={`Clear the override of ${FACTOR_LABELS[factor]}`} description="The factor goes back to its measured subscore and the provider is rescored." slug={slug} action={clearOverrideAction} submitLabel="Clear override" onSuccess={onSuccess} variant="ghost">
        {(errors) => (
          <>
            <input type="hidden" name="factor" value={factor} />
            <Justification id="clear-justification" errors={errors} />
          </>
        )}
      </EvidenceDialog>
      {message && (
        <span role="status" className="text-xs text-success-foreground">
          {message}
        </span>
      )}
    </div>
  );
}
