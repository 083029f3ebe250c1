"use client";
import { useCallback, useState } from "react";
import { DATA_CLASS_LABELS } from "@/components/applications/labels";
import { control, EvidenceDialog, Field } from "@/components/providers/evidence-dialog";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Textarea } from "@/components/ui/textarea";
import { narrowDependencyAction } from "@/lib/server/actions/reputation";

/**
 * Narrow what one dependency carries: by default every data class declared for
 * the application counts for every provider it sends data to. An analyst who
 * knows better (e.g. the billing service sends only internal metrics to its
 * monitoring vendor) narrows the edge, with a justification for the audit log.
 */
export function NarrowDependency({ dependencyId, applicationSlug, providerSlug, providerName, declared, narrowed }: { dependencyId: string; applicationSlug: string; providerSlug: string; providerName: string; declared: string[]; narrowed: string[] | null }) {
  const [message, setMessage] = useState<string | null>(null);
  const onSuccess = useCallback((m: string) => setMessage(m), []);
  const current = narrowed ?? declared;
  return (
    <div className="flex flex-col items-start gap-1">
      <EvidenceDialog
        label={narrowed ? "Change" : "Narrow"}
        triggerLabel={`Narrow the data sent to ${providerName}`}
        title={`Data sent to ${providerName}`}
        description="Tick the declared data classes that really flow to this provider. Classes observed in traffic always count; the risk is recomputed at once."
        slug={providerSlug}
        action={narrowDependencyAction}
        submitLabel="Save"
        onSuccess={onSuccess}
        variant="ghost"
      >
        {(errors) => (
          <>
            <input type="hidden" name="dependencyId" value={dependencyId} />
            <input type="hidden" name="applicationSlug" value={applicationSlug} />
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium">Data classes this provider receives</legend>
              {Object.entries(DATA_CLASS_LABELS).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <CheckboxNative name="classes" value={value} defaultChecked={current.includes(value)} />
                  {label}
                  {declared.includes(value) && <span className="text-xs text-muted-foreground">(declared)</span>}
                </label>
              ))}
            </fieldset>
            {narrowed && (
              <label className="flex items-center gap-2 text-sm">
                <CheckboxNative name="mode" value="restore" /> Remove the narrowing (the declared classes count again)
              </label>
            )}
            <Field id={`narrow-${dependencyId}`} label="Justification" errors={errors?.justification} hint="How you know; kept in the audit log (at least 10 characters).">
              <Textarea {...control(`narrow-${dependencyId}`, "justification", errors)} maxLength={2000} required />
            </Field>
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
