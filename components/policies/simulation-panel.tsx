"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { describeImpact, type SimulationResult } from "@/lib/domain/policies/simulate";
import type { PolicyDefinition } from "@/lib/domain/policies/types";
import { sendJson } from "@/lib/query/policies";
import { ActionBadge, plural } from "./action-badge";

const SHOWN = 50;

/** Debounces a value: it changes `delay` ms after the last change of its input. */
export function useDebounced<T>(value: T, delay = 400): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(t);
  }, [value, delay]);
  return debounced;
}

/** What the draft would decide for today's inventory (nothing is saved): the simulate endpoint upserts it by name into the current set. */
export function useSimulation(policy: PolicyDefinition | null, replacing?: string) {
  const json = useDebounced(policy ? JSON.stringify(policy) : null);
  // When an edit renames a policy, its stored version must leave the simulated set.
  const url = replacing && policy && replacing !== policy.name ? `/api/v1/policies/simulate?exclude=${encodeURIComponent(replacing)}` : "/api/v1/policies/simulate";
  return useQuery({
    queryKey: ["policies", "simulate", json, url],
    queryFn: () => sendJson<SimulationResult>(url, "POST", { policies: [JSON.parse(json ?? "null")] }),
    enabled: json !== null,
    staleTime: 30_000,
    retry: false,
  });
}

export function impactSentence(result: SimulationResult | undefined): string | null {
  const impact = result?.byPolicy[0];
  return impact ? `This policy ${describeImpact(impact)}.` : null;
}

export function SimulationPanel({ policy, invalid, replacing }: { policy: PolicyDefinition | null; invalid: boolean; replacing?: string }) {
  const sim = useSimulation(policy, replacing);
  const impact = sim.data?.byPolicy[0];
  return (
    <section aria-labelledby="simulation-title" className="space-y-2 self-start rounded-md border bg-muted/30 p-3" data-testid="simulation">
      <h3 id="simulation-title" className="text-sm font-semibold">
        Impact on today&apos;s inventory
      </h3>
      <div aria-live="polite" className="space-y-2 text-sm">
        {invalid || !policy ? (
          <p className="text-muted-foreground">Complete the policy and fix what is highlighted to see what it would decide. Nothing is saved until you save it.</p>
        ) : sim.isError ? (
          <p role="alert" className="text-danger-foreground">
            Could not simulate: {(sim.error as { message?: string }).message ?? "unknown error"}
          </p>
        ) : !sim.data ? (
          <p className="text-muted-foreground">Simulating…</p>
        ) : (
          <>
            <p className={sim.isFetching ? "opacity-60" : undefined} data-testid="simulation-sentence">
              <strong>{impactSentence(sim.data) ?? "This policy would decide nothing."}</strong>{" "}
              <span className="text-muted-foreground">
                {sim.data.changed === 0 ? "No current decision would change" : `${plural(sim.data.changed, "current decision", "current decisions")} would change`} (of {plural(sim.data.evaluated, "dependency", "dependencies")} evaluated).
              </span>
            </p>
            {impact && impact.matches.length > 0 && (
              <div className="max-h-64 overflow-auto rounded-md border bg-card">
                <table className="w-full text-sm">
                  <caption className="sr-only">Dependencies this policy would decide</caption>
                  <thead className="sticky top-0 bg-muted text-left text-xs text-muted-foreground">
                    <tr>
                      <th scope="col" className="px-2 py-1 font-medium">Application → target</th>
                      <th scope="col" className="px-2 py-1 font-medium">Decision</th>
                      <th scope="col" className="px-2 py-1 font-medium">Reason</th>
                    </tr>
                  </thead>
                  <tbody>
                    {impact.matches.slice(0, SHOWN).map((m) => (
                      <tr key={m.key} className="border-t align-top" data-testid="simulation-match">
                        <td className="px-2 py-1 [overflow-wrap:anywhere]">
                          <span className="font-medium">{m.application}</span> → {m.target}
                        </td>
                        <td className="px-2 py-1">
                          <ActionBadge action={m.decision} />
                        </td>
                        <td className="px-2 py-1 text-xs text-muted-foreground [overflow-wrap:anywhere]">{m.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {impact.dependencies > SHOWN && <p className="border-t px-2 py-1 text-xs text-muted-foreground">and {plural(impact.dependencies - SHOWN, "more", "more")}</p>}
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
