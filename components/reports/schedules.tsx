"use client";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import { fetchJson } from "@/lib/query/fetch-json";
import { FRAMEWORK_LABELS, FRAMEWORK_OPTIONS, type ScopeOptions } from "./frameworks";

interface Schedule {
  id: string;
  framework: string;
  scope: string;
  cadence: string;
  nextRunAt: string;
  lastRunAt: string | null;
}

/** Weekly and monthly reports per scope and framework; each run lands in the table above like any report. */
export function ReportSchedules({ canGenerate, scopes }: { canGenerate: boolean; scopes: ScopeOptions }) {
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ["report-schedules"], queryFn: () => fetchJson<{ rows: Schedule[] }>("/api/v1/report-schedules") });
  const [error, setError] = useState<string | null>(null);
  const scopeName = (scope: string) => {
    if (scope === "portfolio") return "Whole portfolio";
    const slug = scope.slice(scope.indexOf(":") + 1);
    return (scope.startsWith("team:") ? scopes.teams : scopes.applications).find((x) => x.slug === slug)?.name ?? scope;
  };
  async function send(url: string, init: RequestInit) {
    setError(null);
    const res = await fetch(url, { ...init, headers: { "content-type": "application/json", accept: "application/json" } });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string[]> };
      setError(body.fieldErrors ? Object.values(body.fieldErrors).flat().join(" ") : (body.error ?? `Request failed (${res.status})`));
    }
    await queryClient.invalidateQueries({ queryKey: ["report-schedules"] });
  }
  const rows = list.data?.rows ?? [];
  return (
    <div className="space-y-3">
      {list.isLoading ? (
        <p className="text-sm text-muted-foreground">Loading schedules…</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No scheduled reports{canGenerate ? "; add one below." : "."}</p>
      ) : (
        <ul className="divide-y rounded-md border text-sm">
          {rows.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <span>
                <span className="font-medium capitalize">{s.cadence}</span> · {FRAMEWORK_LABELS[s.framework] ?? s.framework} · {scopeName(s.scope)}
              </span>
              <span className="flex items-center gap-3 text-xs text-muted-foreground">
                <span>
                  next <RelativeTime value={s.nextRunAt} />
                </span>
                {canGenerate && (
                  <Button size="sm" variant="outline" onClick={() => send(`/api/v1/report-schedules/${s.id}`, { method: "DELETE" })} aria-label={`Delete the ${s.cadence} ${s.framework} schedule for ${scopeName(s.scope)}`}>
                    Delete
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canGenerate && (
        <form
          className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_8rem_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            void send("/api/v1/report-schedules", { method: "POST", body: JSON.stringify({ framework: data.get("framework"), scope: data.get("scope"), cadence: data.get("cadence") }) });
          }}
        >
          <div className="space-y-1 sm:col-span-3">
            <Label htmlFor="schedule-framework">Framework</Label>
            <NativeSelect id="schedule-framework" name="framework" defaultValue="iso27001">
              {FRAMEWORK_OPTIONS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1">
            <Label htmlFor="schedule-scope">Scope</Label>
            <NativeSelect id="schedule-scope" name="scope" defaultValue="portfolio">
              <option value="portfolio">Whole portfolio</option>
              {scopes.teams.map((t) => (
                <option key={t.slug} value={`team:${t.slug}`}>
                  Team {t.name}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1">
            <Label htmlFor="schedule-cadence">Cadence</Label>
            <NativeSelect id="schedule-cadence" name="cadence" defaultValue="monthly">
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </NativeSelect>
          </div>
          <Button type="submit" variant="outline">
            Add schedule
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-sm text-danger-foreground">
          {error}
        </p>
      )}
    </div>
  );
}
