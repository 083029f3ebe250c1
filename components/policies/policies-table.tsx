"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plus, Search, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { z } from "zod";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ACTION_LABELS, POLICY_ACTIONS, POLICY_MODES } from "@/lib/domain/policies/types";
import { POLICY_KEYS, policiesQueryOptions, sendJson, type PolicyView } from "@/lib/query/policies";
import { ActionBadge, ModeBadge, plural } from "./action-badge";
import { ConfirmDialog } from "./confirm-dialog";
import { PolicyFormDialog } from "./policy-form";
import { impactSentence, useSimulation } from "./simulation-panel";

const filterSchema = z.object({
  q: z.string().max(200).catch("").default(""),
  action: z.enum(POLICY_ACTIONS).optional().catch(undefined),
  mode: z.enum(POLICY_MODES).optional().catch(undefined),
  // The URL state hook resets `page` on every change; one page here, so it stays at its default (and out of the URL).
  page: z.coerce.number().int().catch(1).default(1),
});

const EXAMPLE = `policies:
  - name: Quarantine grade F providers for tier-1 applications
    priority: 5
    mode: enforce          # or monitor: record, change nothing
    action: quarantine     # allow | alert | require_approval | quarantine
    conditions:
      all:
        - { field: provider.grade, op: lte, value: F }
        - { field: application.criticality, op: eq, value: 1 }`;

const definitionOf = (p: PolicyView) => ({ name: p.name, ...(p.description ? { description: p.description } : {}), priority: p.priority, mode: p.mode, action: p.action, enabled: p.enabled, conditions: p.conditions });

/** Enabling or disabling from the table: an edit of `enabled`, confirmed with what it would change. */
function ToggleDialog({ policy, onClose }: { policy: PolicyView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toggled = { ...definitionOf(policy), enabled: !policy.enabled };
  const sim = useSimulation(toggled);
  const sentence = policy.enabled
    ? `It decides ${plural(policy.matchesNow, "dependency", "dependencies")} in ${plural(policy.applicationsNow, "application", "applications")} now; disabled, it would decide none.`
    : (impactSentence(sim.data) ?? null);
  return (
    <ConfirmDialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`${policy.enabled ? "Disable" : "Enable"} “${policy.name}”?`}
      description="Decisions are re-evaluated as soon as you confirm; the change is audited."
      confirmLabel={policy.enabled ? "Disable policy" : "Enable policy"}
      onConfirm={async () => {
        await sendJson(`/api/v1/policies/${policy.id}`, "PATCH", { version: policy.version, policy: toggled });
        await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
      }}
    >
      <p className="text-sm" aria-live="polite" data-testid="toggle-impact">
        {sim.isError ? "Could not simulate the change." : !sim.data ? "Simulating…" : (
          <>
            {sentence && <strong>{sentence} </strong>}
            {sim.data.changed === 0 ? "No current decision would change." : `${plural(sim.data.changed, "current decision", "current decisions")} would change.`}
          </>
        )}
      </p>
    </ConfirmDialog>
  );
}

/** The policies in evaluation order, with what each decides now; SecOps and administrators create, edit, switch and delete them. */
export function PoliciesTable({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(policiesQueryOptions());
  const [filter, setFilter] = useUrlListState(filterSchema);
  const [search, setSearch] = useState(filter.q);
  const [editing, setEditing] = useState<PolicyView | "new" | null>(null);
  const [toggling, setToggling] = useState<PolicyView | null>(null);
  const [deleting, setDeleting] = useState<PolicyView | null>(null);
  const all = useMemo(() => data?.policies ?? [], [data]);
  const rows = useMemo(() => {
    const q = filter.q.trim().toLowerCase();
    return all.filter((p) => (!filter.action || p.action === filter.action) && (!filter.mode || p.mode === filter.mode) && (!q || `${p.name} ${p.description ?? ""}`.toLowerCase().includes(q)));
  }, [all, filter]);
  const filtered = Boolean(filter.q || filter.action || filter.mode);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            aria-label="Search policies"
            placeholder="Search name or description"
            value={search}
            maxLength={200}
            onChange={(e) => {
              setSearch(e.target.value);
              setFilter({ q: e.target.value });
            }}
            className="w-64 pl-8"
          />
        </div>
        <NativeSelect aria-label="Filter by action" value={filter.action ?? ""} onChange={(e) => setFilter({ action: (e.target.value || undefined) as PolicyView["action"] | undefined })} wrapperClassName="w-44">
          <option value="">All actions</option>
          {POLICY_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect aria-label="Filter by mode" value={filter.mode ?? ""} onChange={(e) => setFilter({ mode: (e.target.value || undefined) as PolicyView["mode"] | undefined })} wrapperClassName="w-36">
          <option value="">All modes</option>
          <option value="enforce">Enforce</option>
          <option value="monitor">Monitor</option>
        </NativeSelect>
        <div className="ml-auto flex items-center gap-3 text-sm text-muted-foreground">
          <span aria-live="polite" data-testid="row-count">
            {isLoading ? "Loading…" : `${rows.length} ${rows.length === 1 ? "row" : "rows"}`}
          </span>
          {canWrite && (
            <Button onClick={() => setEditing("new")}>
              <Plus aria-hidden />
              New policy
            </Button>
          )}
        </div>
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-danger-border bg-danger px-3 py-2 text-sm text-danger-foreground">
          Could not load policies: {error.message}
        </p>
      ) : !isLoading && rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No policy matches these filters" description="Clear the search or filters to see every policy." />
        ) : (
          <EmptyState
            title="No policies yet"
            description={
              <div className="space-y-2 text-left">
                <p>A policy says what to do with the traffic between an application and a provider when its conditions hold: allow it, alert, require approval or quarantine it. Without one, the default action decides. Write one here{canWrite ? "" : " (SecOps or an administrator)"} or keep them in a file applied from CI:</p>
                <pre className="overflow-x-auto rounded bg-muted p-2 text-xs text-foreground">{EXAMPLE}</pre>
                <p>
                  <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- policy apply sibyl-policies.yaml</code>
                </p>
              </div>
            }
          />
        )
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableCaption className="sr-only">Policies in evaluation order (lowest priority first)</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead className="w-16" aria-sort="ascending">
                  Priority
                </TableHead>
                <TableHead>Policy</TableHead>
                <TableHead>Action and mode</TableHead>
                <TableHead>Enabled</TableHead>
                <TableHead>Matches now</TableHead>
                <TableHead>Updated</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.id} data-policy={p.name} className={p.enabled ? undefined : "text-muted-foreground"}>
                  <TableCell className="tabular-nums">{p.priority}</TableCell>
                  <TableCell className="min-w-56 max-w-md">
                    <div className="font-medium text-foreground [overflow-wrap:anywhere]">{p.name}</div>
                    {p.description && <div className="text-xs text-muted-foreground [overflow-wrap:anywhere]">{p.description}</div>}
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-col gap-1">
                      <ActionBadge action={p.action} />
                      <ModeBadge mode={p.mode} />
                    </div>
                  </TableCell>
                  <TableCell>
                    {canWrite ? (
                      <Button variant="outline" size="sm" role="switch" aria-checked={p.enabled} aria-label={`${p.enabled ? "Disable" : "Enable"} ${p.name}`} onClick={() => setToggling(p)}>
                        {p.enabled ? "On" : "Off"}
                      </Button>
                    ) : (
                      <span>{p.enabled ? "Yes" : "No"}</span>
                    )}
                  </TableCell>
                  <TableCell className="min-w-36" data-testid="matches-now">
                    {!p.enabled ? (
                      <span className="text-muted-foreground">— (disabled)</span>
                    ) : (
                      <span>
                        {plural(p.matchesNow, "dependency", "dependencies")} in {plural(p.applicationsNow, "application", "applications")}
                        {p.mode === "monitor" && <span className="block text-xs text-muted-foreground">flagged, not enforced</span>}
                      </span>
                    )}
                  </TableCell>
                  <TableCell>
                    <RelativeTime value={p.updatedAt} className="text-xs" />
                  </TableCell>
                  {canWrite && (
                    <TableCell className="text-right">
                      <div className="flex justify-end gap-1">
                        <Button variant="ghost" size="icon" aria-label={`Edit ${p.name}`} onClick={() => setEditing(p)}>
                          <Pencil aria-hidden />
                        </Button>
                        <Button variant="ghost" size="icon" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>
                          <Trash2 aria-hidden />
                        </Button>
                      </div>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {canWrite && (
        <>
          <PolicyFormDialog open={editing !== null} onOpenChange={(o) => !o && setEditing(null)} policy={editing === "new" ? null : editing} existingNames={all.map((p) => p.name)} />
          {toggling && <ToggleDialog key={toggling.id} policy={toggling} onClose={() => setToggling(null)} />}
          {deleting && (
            <ConfirmDialog
              open
              onOpenChange={(o) => !o && setDeleting(null)}
              title={`Delete “${deleting.name}”?`}
              description={`It decides ${plural(deleting.matchesNow, "dependency", "dependencies")} in ${plural(deleting.applicationsNow, "application", "applications")} now; they are re-decided by the remaining policies at once. The deletion is audited and cannot be undone (download the policies as YAML first to keep a copy).`}
              confirmLabel="Delete policy"
              destructive
              onConfirm={async () => {
                await sendJson(`/api/v1/policies/${deleting.id}`, "DELETE");
                await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
              }}
            />
          )}
        </>
      )}
    </div>
  );
}
