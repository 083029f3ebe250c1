"use client";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { FieldError } from "@/components/settings/field-error";
import { FRAMEWORK_OPTIONS, type ScopeOptions } from "./frameworks";

const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Generate a report: framework, scope and period; the request is queued and the table below shows its progress. */
export function GenerateReportForm({ scopes, today }: { scopes: ScopeOptions; today: string }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]> | undefined>();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const defaultFrom = day(new Date(Date.parse(`${today}T00:00:00Z`) - 89 * DAY_MS));

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    setPending(true);
    setErrors(undefined);
    setMessage(null);
    try {
      const res = await fetch("/api/v1/reports", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ framework: data.get("framework"), scope: data.get("scope"), from: data.get("from") || undefined, to: data.get("to") || undefined }),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string[]>; title?: string };
      if (!res.ok) {
        setErrors(body.fieldErrors);
        setMessage({ ok: false, text: body.fieldErrors ? "Please correct the highlighted fields." : (body.error ?? `Request failed (${res.status})`) });
        return;
      }
      setMessage({ ok: true, text: `"${body.title}" is being generated; it appears below when ready.` });
      await queryClient.invalidateQueries({ queryKey: ["reports"] });
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_9rem_9rem_auto] lg:items-end"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <div className="space-y-1">
        <Label htmlFor="report-framework">Framework</Label>
        <NativeSelect id="report-framework" name="framework" defaultValue="iso27001" aria-describedby="report-framework-error">
          {FRAMEWORK_OPTIONS.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </NativeSelect>
        <FieldError id="report-framework-error" messages={errors?.framework} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="report-scope">Scope</Label>
        <NativeSelect id="report-scope" name="scope" defaultValue="portfolio" aria-describedby="report-scope-error">
          <option value="portfolio">Whole portfolio</option>
          {scopes.teams.length > 0 && (
            <optgroup label="Teams">
              {scopes.teams.map((t) => (
                <option key={t.slug} value={`team:${t.slug}`}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          )}
          {scopes.applications.length > 0 && (
            <optgroup label="Applications">
              {scopes.applications.map((a) => (
                <option key={a.slug} value={`app:${a.slug}`}>
                  {a.name}
                </option>
              ))}
            </optgroup>
          )}
        </NativeSelect>
        <FieldError id="report-scope-error" messages={errors?.scope} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="report-from">From</Label>
        <Input id="report-from" name="from" type="date" defaultValue={defaultFrom} max={today} aria-describedby="report-from-error" />
        <FieldError id="report-from-error" messages={errors?.from} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="report-to">To</Label>
        <Input id="report-to" name="to" type="date" defaultValue={today} max={today} aria-describedby="report-to-error" />
        <FieldError id="report-to-error" messages={errors?.to} />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Requesting…" : "Generate report"}
      </Button>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-sm text-muted-foreground sm:col-span-2 lg:col-span-5" : "text-sm text-danger-foreground sm:col-span-2 lg:col-span-5"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
