"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FieldError } from "@/components/settings/field-error";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { exceptionsQueryOptions, isApiProblem, POLICY_KEYS, sendJson, type ExceptionView } from "@/lib/query/policies";
import { ConfirmDialog } from "./confirm-dialog";

export interface SlugOption {
  slug: string;
  name: string;
}

const STATUS_STYLE: Record<ExceptionView["status"], string> = {
  active: "border-success-border bg-success text-success-foreground",
  expired: "border-border bg-muted text-muted-foreground",
  revoked: "border-border bg-muted text-muted-foreground line-through",
};

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Exceptions: an application may keep calling a provider (or host) whatever the policies say, until a date. */
export function ExceptionsSection({ canWrite, applications, providers }: { canWrite: boolean; applications: SlugOption[]; providers: SlugOption[] }) {
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useQuery(exceptionsQueryOptions());
  const [revoking, setRevoking] = useState<ExceptionView | null>(null);
  const rows = data?.exceptions ?? [];
  return (
    <div className="space-y-4">
      {error ? (
        <p role="alert" className="text-sm text-danger-foreground">
          Could not load exceptions: {error.message}
        </p>
      ) : isLoading ? (
        <p className="text-sm text-muted-foreground">Loading exceptions…</p>
      ) : rows.length === 0 ? (
        <EmptyState title="No exceptions" description={`An exception lets one application keep calling one provider or host that a policy would stop, for a stated reason, until it expires (at most a year).${canWrite ? " Grant one below." : ""}`} />
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableCaption className="sr-only">Policy exceptions, soonest to expire first</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Application → target</TableHead>
                <TableHead>Owner</TableHead>
                <TableHead>Justification</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Created by</TableHead>
                <TableHead>Status</TableHead>
                {canWrite && <TableHead className="text-right">Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((e) => (
                <TableRow key={e.id} data-exception={e.id}>
                  <TableCell className="min-w-44 [overflow-wrap:anywhere]">
                    <span className="font-medium">{e.application}</span> → {e.providerName ?? e.provider ?? e.host}
                    {e.host && <span className="block text-xs text-muted-foreground">host</span>}
                  </TableCell>
                  <TableCell className="[overflow-wrap:anywhere]">{e.owner}</TableCell>
                  <TableCell className="min-w-56 max-w-md text-xs [overflow-wrap:anywhere]">{e.justification}</TableCell>
                  <TableCell>
                    <RelativeTime value={e.expiresAt} />
                  </TableCell>
                  <TableCell className="text-xs">
                    {e.createdBy}
                    <span className="block text-muted-foreground">
                      <RelativeTime value={e.createdAt} />
                    </span>
                  </TableCell>
                  <TableCell>
                    <span data-status={e.status} className={`inline-flex rounded-md border px-1.5 py-0.5 text-xs font-medium capitalize ${STATUS_STYLE[e.status]}`}>
                      {e.status}
                    </span>
                  </TableCell>
                  {canWrite && (
                    <TableCell className="text-right">
                      {e.status === "active" && (
                        <Button variant="outline" size="sm" onClick={() => setRevoking(e)} aria-label={`Revoke the exception for ${e.application} → ${e.providerName ?? e.host}`}>
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {revoking && (
        <ConfirmDialog
          open
          onOpenChange={(o) => !o && setRevoking(null)}
          title="Revoke this exception?"
          description={`${revoking.application} → ${revoking.providerName ?? revoking.host} is decided by the policies again at once.`}
          confirmLabel="Revoke exception"
          destructive
          onConfirm={async () => {
            await sendJson(`/api/v1/policy-exceptions/${revoking.id}`, "DELETE");
            await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
          }}
        />
      )}
      {canWrite && <GrantExceptionForm applications={applications} providers={providers} />}
    </div>
  );
}

function GrantExceptionForm({ applications, providers }: { applications: SlugOption[]; providers: SlugOption[] }) {
  const queryClient = useQueryClient();
  const [today] = useState(() => new Date());
  const [targetKind, setTargetKind] = useState<"provider" | "host">("provider");
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const min = day(new Date(today.getTime() + 86_400_000));
  const max = day(new Date(today.getTime() + 365 * 86_400_000));
  const wire = (id: string, key: string) => ({ id, name: key, "aria-invalid": errors[key]?.length ? true : undefined, "aria-describedby": `${id}-error` }) as const;
  return (
    <form
      className="space-y-3 rounded-md border p-3"
      aria-labelledby="grant-exception-title"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = new FormData(form);
        const target = String(data.get(targetKind) ?? "").trim();
        setPending(true);
        setMessage(null);
        setErrors({});
        try {
          await sendJson("/api/v1/policy-exceptions", "POST", {
            application: data.get("application"),
            [targetKind]: target || undefined,
            owner: data.get("owner"),
            justification: data.get("justification"),
            // The end of the chosen day in UTC, so "30 days" means the whole 30th day.
            expiresAt: `${String(data.get("expiresAt"))}T23:59:59Z`,
          });
          form.reset();
          setMessage({ ok: true, text: "Exception granted; the dependency was re-decided." });
          await queryClient.invalidateQueries({ queryKey: POLICY_KEYS.all });
        } catch (err) {
          if (isApiProblem(err)) {
            setErrors(err.fieldErrors ?? {});
            setMessage({ ok: false, text: err.fieldErrors ? "Correct the highlighted fields." : err.message });
          } else setMessage({ ok: false, text: String(err) });
        } finally {
          setPending(false);
        }
      }}
    >
      <h3 id="grant-exception-title" className="text-sm font-semibold">
        Grant an exception
      </h3>
      <div className="grid gap-3 md:grid-cols-3">
        <div className="space-y-1">
          <Label htmlFor="exception-application">Application</Label>
          <NativeSelect {...wire("exception-application", "application")} required defaultValue="">
            <option value="" disabled>
              Choose an application
            </option>
            {applications.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.name} ({a.slug})
              </option>
            ))}
          </NativeSelect>
          <FieldError id="exception-application-error" messages={errors.application} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="exception-target-kind">Target</Label>
          <NativeSelect id="exception-target-kind" value={targetKind} onChange={(e) => setTargetKind(e.target.value as "provider" | "host")}>
            <option value="provider">A provider</option>
            <option value="host">An unclassified host</option>
          </NativeSelect>
        </div>
        {targetKind === "provider" ? (
          <div className="space-y-1">
            <Label htmlFor="exception-provider">Provider</Label>
            <NativeSelect {...wire("exception-provider", "provider")} required defaultValue="">
              <option value="" disabled>
                Choose a provider
              </option>
              {providers.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name}
                </option>
              ))}
            </NativeSelect>
            <FieldError id="exception-provider-error" messages={errors.provider} />
          </div>
        ) : (
          <div className="space-y-1">
            <Label htmlFor="exception-host">Host</Label>
            <Input {...wire("exception-host", "host")} required placeholder="api.example.com" maxLength={253} />
            <FieldError id="exception-host-error" messages={[...(errors.host ?? []), ...(errors.provider ?? [])]} />
          </div>
        )}
        <div className="space-y-1">
          <Label htmlFor="exception-owner">Owner</Label>
          <Input {...wire("exception-owner", "owner")} required maxLength={200} placeholder="team or person accountable" />
          <FieldError id="exception-owner-error" messages={errors.owner} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="exception-expires">Expires on</Label>
          <Input {...wire("exception-expires", "expiresAt")} type="date" required min={min} max={max} defaultValue={day(new Date(today.getTime() + 30 * 86_400_000))} />
          <FieldError id="exception-expires-error" messages={errors.expiresAt} />
        </div>
        <div className="space-y-1 md:col-span-3">
          <Label htmlFor="exception-justification">Justification</Label>
          <Textarea {...wire("exception-justification", "justification")} required minLength={10} maxLength={2000} rows={2} placeholder="Why this dependency must keep working, and the plan to end the exception (at least 10 characters)" />
          <FieldError id="exception-justification-error" messages={errors.justification} />
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="outline" disabled={pending}>
          {pending ? "Granting…" : "Grant exception"}
        </Button>
        <span className="text-xs text-muted-foreground">At most one year; defaults to 30 days. It replaces a live exception for the same application and target.</span>
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-success-foreground" : "text-danger-foreground"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
