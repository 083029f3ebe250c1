"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { FieldError } from "@/components/settings/field-error";
import { Button } from "@/components/ui/button";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { ACTION_LABELS, POLICY_ACTIONS, type PolicyDefinition } from "@/lib/domain/policies/types";
import { isApiProblem, POLICY_KEYS, sendJson, type PolicyView } from "@/lib/query/policies";
import { ConditionBuilder } from "./condition-builder";
import { emptyDraft, fromDefinition, toDefinition, unprefix, validate, type PathErrors, type PolicyDraft } from "./policy-draft";
import { useReturnFocus } from "./return-focus";
import { SimulationPanel } from "./simulation-panel";

const definitionOf = (p: PolicyView): PolicyDefinition => ({ name: p.name, ...(p.description ? { description: p.description } : {}), priority: p.priority, mode: p.mode, action: p.action, enabled: p.enabled, conditions: p.conditions });

function describedBy(id: string, errors: PathErrors, key: string) {
  return { id, "aria-invalid": errors[key]?.length ? true : undefined, "aria-describedby": `${id}-error` } as const;
}

/** New policy or edit of one: fields, condition builder (or YAML text), live simulation, save. */
export function PolicyFormDialog({ open, onOpenChange, policy, existingNames }: { open: boolean; onOpenChange: (open: boolean) => void; policy: PolicyView | null; existingNames: string[] }) {
  const returnFocus = useReturnFocus();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-5xl" closeLabel="Close the policy form" {...returnFocus}>
        {open && <PolicyForm key={policy?.id ?? "new"} policy={policy} existingNames={existingNames} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function PolicyForm({ policy, existingNames, onDone }: { policy: PolicyView | null; existingNames: string[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  const initial = policy ? fromDefinition(definitionOf(policy)) : emptyDraft();
  const [draft, setDraft] = useState<PolicyDraft>(initial ?? emptyDraft());
  // Conditions nested deeper than the form shows open as YAML text.
  const [yamlText, setYamlText] = useState<string | null>(initial ? null : toYaml(definitionOf(policy as PolicyView)));
  const [yamlProblem, setYamlProblem] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<PathErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const candidate = useMemo<unknown>(() => {
    if (yamlText === null) return toDefinition(draft);
    try {
      return parseYaml(yamlText) as unknown;
    } catch {
      return undefined;
    }
  }, [draft, yamlText]);
  const yamlSyntaxError = yamlText !== null && candidate === undefined;
  const checked = useMemo(() => validate(candidate), [candidate]);
  const clash = checked.ok && checked.policy.name !== policy?.name && existingNames.includes(checked.policy.name);
  const clientErrors: PathErrors = checked.ok ? (clash ? { name: [`A policy named "${checked.policy.name}" already exists.`] } : {}) : checked.errors;
  // Before a save attempt, only what concerns a condition someone has filled in shows.
  const shownClient = submitted ? clientErrors : Object.fromEntries(Object.entries(clientErrors).filter(([k]) => k.startsWith("conditions.") && !(clientErrors[k] ?? []).some((m) => /got ""/.test(m))));
  const errors: PathErrors = { ...shownClient, ...serverErrors };
  const valid = checked.ok && !clash;

  const patch = (p: Partial<PolicyDraft>) => {
    setDraft((d) => ({ ...d, ...p }));
    setServerErrors({});
  };

  function toggleYaml() {
    setYamlProblem(null);
    if (yamlText === null) {
      setYamlText(toYaml(toDefinition(draft)));
      return;
    }
    if (yamlSyntaxError) return setYamlProblem("The YAML does not parse; fix it before going back to the form.");
    if (!checked.ok) return setYamlProblem("Fix the problems listed below before going back to the form.");
    const back = fromDefinition(checked.policy);
    if (!back) return setYamlProblem("These conditions nest deeper than the form shows (one group inside the top level); keep editing them as YAML.");
    setDraft(back);
    setYamlText(null);
  }

  async function save() {
    setSubmitted(true);
    setFormError(null);
    if (!checked.ok || clash) return;
    setSaving(true);
    try {
      if (policy) await sendJson(`/api/v1/policies/${policy.id}`, "PATCH", { version: policy.version, policy: checked.policy });
      else await sendJson("/api/v1/policies", "POST", { policy: checked.policy });
      await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
      onDone();
    } catch (e) {
      if (isApiProblem(e) && e.fieldErrors) {
        const byPath = policy ? e.fieldErrors : unprefix(e.fieldErrors);
        setServerErrors(byPath);
        setFormError(e.status === 400 ? "The server refused the policy; see the highlighted fields." : e.message);
      } else if (isApiProblem(e) && e.status === 409) {
        // Someone else saved this policy since the form opened: the save is refused (nothing is
        // overwritten), the table behind shows their version, and what was typed here stays.
        setFormError(`${e.message} Your changes are still in this form: copy what you need before you close it.`);
        await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
      } else setFormError(isApiProblem(e) ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  const otherMessages = Object.entries(errors)
    .filter(([k]) => (yamlText !== null ? true : !["name", "description", "priority", "mode", "action", "enabled"].includes(k) && !k.startsWith("conditions")))
    .flatMap(([k, v]) => v.map((m) => (yamlText !== null && k !== "_form" ? `${k}: ${m}` : m)));

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      className="grid gap-4"
    >
      <DialogHeader>
        <DialogTitle>{policy ? `Edit “${policy.name}”` : "New policy"}</DialogTitle>
        <DialogDescription>A policy decides what happens to the traffic between an application and a provider when its conditions hold. Lower priority runs first; the first enforced match decides.</DialogDescription>
      </DialogHeader>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
        <div className="space-y-4">
          <div className="flex justify-end">
            <Button variant="outline" size="sm" onClick={toggleYaml} aria-pressed={yamlText !== null}>
              {yamlText === null ? "Edit as YAML" : "Back to the form"}
            </Button>
          </div>
          {yamlProblem && (
            <p role="alert" className="text-sm text-danger-foreground">
              {yamlProblem}
            </p>
          )}
          {yamlText !== null ? (
            <div className="space-y-1">
              <Label htmlFor="policy-yaml">Policy as YAML</Label>
              <Textarea id="policy-yaml" rows={18} className="font-mono text-xs" value={yamlText} spellCheck={false} aria-invalid={yamlSyntaxError || otherMessages.length > 0 || undefined} aria-describedby="policy-yaml-error" onChange={(e) => (setYamlText(e.target.value), setServerErrors({}))} />
              <p id="policy-yaml-error" className="text-xs text-danger-foreground">
                {yamlSyntaxError ? "The YAML does not parse." : ""}
              </p>
            </div>
          ) : (
            <>
              <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_7rem]">
                <div className="space-y-1">
                  <Label htmlFor="policy-name">Name</Label>
                  <Input {...describedBy("policy-name", errors, "name")} value={draft.name} maxLength={120} onChange={(e) => patch({ name: e.target.value })} />
                  <FieldError id="policy-name-error" messages={errors.name} />
                </div>
                <div className="space-y-1">
                  <Label htmlFor="policy-priority">Priority</Label>
                  <Input {...describedBy("policy-priority", errors, "priority")} type="number" min={0} max={100000} step={1} value={draft.priority} onChange={(e) => patch({ priority: e.target.value })} />
                  <FieldError id="policy-priority-error" messages={errors.priority} />
                </div>
              </div>
              <div className="space-y-1">
                <Label htmlFor="policy-description">Description</Label>
                <Textarea {...describedBy("policy-description", errors, "description")} rows={2} maxLength={2000} value={draft.description} onChange={(e) => patch({ description: e.target.value })} />
                <FieldError id="policy-description-error" messages={errors.description} />
              </div>
              <div className="grid gap-3 sm:grid-cols-3 sm:items-end">
                <div className="space-y-1">
                  <Label htmlFor="policy-action">Action</Label>
                  <NativeSelect {...describedBy("policy-action", errors, "action")} value={draft.action} onChange={(e) => patch({ action: e.target.value as PolicyDraft["action"] })}>
                    {POLICY_ACTIONS.map((a) => (
                      <option key={a} value={a}>
                        {ACTION_LABELS[a]}
                      </option>
                    ))}
                  </NativeSelect>
                  <FieldError id="policy-action-error" messages={errors.action} />
                </div>
                <div className="space-y-1">
                  <Label htmlFor="policy-mode">Mode</Label>
                  <NativeSelect {...describedBy("policy-mode", errors, "mode")} value={draft.mode} onChange={(e) => patch({ mode: e.target.value as PolicyDraft["mode"] })}>
                    <option value="enforce">Enforce (decides)</option>
                    <option value="monitor">Monitor (records only)</option>
                  </NativeSelect>
                  <FieldError id="policy-mode-error" messages={errors.mode} />
                </div>
                <div className="flex h-8 items-center gap-2">
                  <CheckboxNative id="policy-enabled" checked={draft.enabled} onChange={(e) => patch({ enabled: e.target.checked })} />
                  <Label htmlFor="policy-enabled">Enabled</Label>
                </div>
              </div>
              <ConditionBuilder draft={draft} errors={errors} onChange={patch} />
            </>
          )}
          {otherMessages.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-xs text-danger-foreground" aria-label="Problems">
              {otherMessages.map((m, i) => (
                <li key={i} className="[overflow-wrap:anywhere]">
                  {m}
                </li>
              ))}
            </ul>
          )}
        </div>
        <SimulationPanel policy={valid && checked.ok ? checked.policy : null} invalid={!valid} replacing={policy?.name} />
      </div>
      {formError && (
        <p role="alert" className="text-sm text-danger-foreground">
          {formError}
        </p>
      )}
      <DialogFooter>
        <Button variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving}>
          {saving ? "Saving…" : policy ? "Save changes" : "Create policy"}
        </Button>
      </DialogFooter>
    </form>
  );
}
