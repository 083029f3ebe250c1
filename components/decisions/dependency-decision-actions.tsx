"use client";
import { useCallback, useState } from "react";
import type { DependencyDecisionView } from "@/lib/server/dal/applications";
import { ExceptionButton, QuarantineButton, type DecisionTarget } from "./decision-actions";

/** A dependency row's decision actions (SecOps, admins): quarantine it for this application, or grant an exception. */
export function DependencyDecisionActions({ dependencyId, application, target, targetName, decision, ownerDefault }: { dependencyId: string; application: string; target: DecisionTarget; targetName: string; decision: DependencyDecisionView | null; ownerDefault: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const onMessage = useCallback((m: string) => setMessage(m), []);
  // Nothing to quarantine when it is already; under an exception a quarantine would change nothing until the exception ends.
  const quarantinable = decision?.action !== "quarantine" && decision?.mode !== "exception";
  // An exception answers a quarantine or a required approval; one already in force can be renewed.
  const exceptionable = decision && (decision.action === "quarantine" || decision.action === "require_approval" || decision.mode === "exception");
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-1">
        {quarantinable && <QuarantineButton id={dependencyId} application={application} target={target} targetName={targetName} onMessage={onMessage} />}
        {exceptionable && <ExceptionButton id={dependencyId} application={application} target={target} targetName={targetName} ownerDefault={ownerDefault} onMessage={onMessage} />}
      </div>
      {message && (
        <span role="status" className="max-w-40 text-right text-xs text-success-foreground">
          {message}
        </span>
      )}
    </div>
  );
}
