import type { Metadata } from "next";
import Link from "next/link";
import { SlaDaysForm } from "@/components/settings/sla-days-form";
import { DEFAULT_SLA_DAYS } from "@/lib/domain/triage/sla";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getSlaDays } from "@/lib/server/triage/settings";

export const metadata: Metadata = { title: "Triage SLA" };
export const dynamic = "force-dynamic";

export default async function TriageSettingsPage() {
  await requirePageAccess("/settings/triage");
  const days = await getSlaDays(await getDb());
  return (
    <section aria-labelledby="sla-heading" className="space-y-3">
      <h2 id="sla-heading" className="text-lg font-semibold">
        Service levels for findings
      </h2>
      <p className="max-w-2xl text-sm text-muted-foreground">
        A finding&apos;s due date is its first detection (or its last reopening) plus the days for its severity. Findings still open after it are shown as past SLA on the{" "}
        <Link href="/findings?pastSla=1&sort=due" className="text-primary underline underline-offset-2">
          findings queue
        </Link>{" "}
        and announced to webhooks. Defaults: critical {DEFAULT_SLA_DAYS.critical}, high {DEFAULT_SLA_DAYS.high}, medium {DEFAULT_SLA_DAYS.medium}, low {DEFAULT_SLA_DAYS.low} days.
      </p>
      <SlaDaysForm days={days} />
    </section>
  );
}
