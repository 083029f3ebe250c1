"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { ACTION_LABELS, POLICY_ACTIONS, type PolicyAction } from "@/lib/domain/policies/types";
import { POLICY_KEYS, policiesQueryOptions, sendJson } from "@/lib/query/policies";
import { ActionBadge } from "./action-badge";
import { ConfirmDialog } from "./confirm-dialog";

/** What happens when no enforced policy matches; an administrator may change it. */
export function DefaultAction({ canConfigure }: { canConfigure: boolean }) {
  const queryClient = useQueryClient();
  const { data } = useQuery(policiesQueryOptions());
  const current = data?.defaultAction;
  const [choice, setChoice] = useState<PolicyAction | "">("");
  const [confirming, setConfirming] = useState(false);
  const next = choice || current;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm" data-testid="default-action">
      <span>
        When no policy matches: {current ? <ActionBadge action={current} /> : <span className="text-muted-foreground">…</span>}
      </span>
      {canConfigure && current && (
        <>
          <NativeSelect aria-label="Default action" value={next} onChange={(e) => setChoice(e.target.value as PolicyAction)} wrapperClassName="w-48">
            {POLICY_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </NativeSelect>
          <Button variant="outline" size="sm" disabled={!choice || choice === current} onClick={() => setConfirming(true)}>
            Change default
          </Button>
          <ConfirmDialog
            open={confirming}
            onOpenChange={setConfirming}
            title={`Make “${choice ? ACTION_LABELS[choice] : ""}” the default action?`}
            description="Every dependency that no enforced policy decides is re-decided at once with the new default; the change is audited."
            confirmLabel="Change default action"
            onConfirm={async () => {
              await sendJson("/api/v1/policies/settings", "POST", { defaultAction: choice });
              setChoice("");
              await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
            }}
          />
        </>
      )}
    </div>
  );
}
