"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Outcome = { status: "genuine" | "modified" | "unknown"; message: string };

/** Upload a copy of a report: Sibyl says whether it generated it and whether it changed since. */
export function VerifyReportForm() {
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end"
      onSubmit={async (e) => {
        e.preventDefault();
        const file = (e.currentTarget.elements.namedItem("file") as HTMLInputElement).files?.[0];
        setOutcome(null);
        setError(null);
        if (!file) {
          setError("Choose a PDF file first.");
          return;
        }
        setPending(true);
        try {
          const res = await fetch("/api/v1/reports/verify", { method: "POST", headers: { "content-type": "application/pdf", accept: "application/json" }, body: file });
          const body = (await res.json().catch(() => ({}))) as Outcome & { error?: string; fieldErrors?: Record<string, string[]> };
          if (!res.ok) setError(body.fieldErrors ? Object.values(body.fieldErrors).flat().join(" ") : (body.error ?? `Verification failed (${res.status})`));
          else setOutcome(body);
        } finally {
          setPending(false);
        }
      }}
    >
      <div className="flex-1 space-y-1">
        <Label htmlFor="verify-file">Report PDF</Label>
        <Input id="verify-file" name="file" type="file" accept="application/pdf,.pdf" />
      </div>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Checking…" : "Verify"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-danger-foreground sm:basis-full">
          {error}
        </p>
      )}
      {outcome && (
        <p
          role="status"
          data-outcome={outcome.status}
          className={
            outcome.status === "genuine"
              ? "rounded-md border border-success-border bg-success p-2 text-sm text-success-foreground [overflow-wrap:anywhere] sm:basis-full"
              : "rounded-md border border-danger-border bg-danger p-2 text-sm text-danger-foreground [overflow-wrap:anywhere] sm:basis-full"
          }
        >
          {outcome.message}
        </p>
      )}
    </form>
  );
}
