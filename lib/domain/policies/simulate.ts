// What a set of policies would do to the current inventory, before anyone saves
// or enables it: every dependency whose decision would change, and per policy
// how many dependencies (in how many applications) it would decide.
import { decide, decisionChanged, orderPolicies } from "./evaluate";
import type { Decision, DecisionSubject, Policy, PolicyAction, PolicyException } from "./types";

export interface SimulationItem {
  /** Stable id of the dependency (its row id, or "app|host" for one not in the inventory). */
  key: string;
  subject: DecisionSubject;
  exception?: PolicyException | null;
}

export interface SimulationChange {
  key: string;
  application: string;
  target: string;
  before: Decision;
  after: Decision;
}

export interface PolicyImpact {
  name: string;
  action: PolicyAction;
  mode: Policy["mode"];
  /** Dependencies this policy would decide (enforce) or flag (monitor) with the proposed set. */
  dependencies: number;
  applications: number;
  /** The first `listLimit` of them, riskiest application tier first. */
  matches: { key: string; application: string; target: string; decision: PolicyAction; reason: string }[];
}

export interface SimulationResult {
  evaluated: number;
  /** How many decisions would change (the list `changes` stops at changeLimit). */
  changed: number;
  changes: SimulationChange[];
  /** Decisions by action after the change, and how many applications have at least one. */
  totals: Record<PolicyAction, { dependencies: number; applications: number }>;
  byPolicy: PolicyImpact[];
}

export function targetLabel(s: DecisionSubject): string {
  return s.provider?.name ?? s.dependency.host ?? s.dependency.target;
}

export function simulate(
  items: readonly SimulationItem[],
  current: readonly Policy[],
  proposed: readonly Policy[],
  options: { defaultAction: PolicyAction; now: Date; listLimit?: number; changeLimit?: number },
): SimulationResult {
  const before = orderPolicies(current);
  const after = orderPolicies(proposed);
  const listLimit = options.listLimit ?? 200;
  const changeLimit = options.changeLimit ?? 1000;
  const changes: SimulationChange[] = [];
  const totalsApps = new Map<PolicyAction, Set<string>>();
  const totals = { allow: { dependencies: 0, applications: 0 }, alert: { dependencies: 0, applications: 0 }, require_approval: { dependencies: 0, applications: 0 }, quarantine: { dependencies: 0, applications: 0 } } as SimulationResult["totals"];
  const impacts = new Map<string, { policy: Policy; apps: Set<string>; matches: PolicyImpact["matches"]; count: number }>();
  for (const p of after) impacts.set(p.name, { policy: p, apps: new Set(), matches: [], count: 0 });
  let changed = 0;
  for (const item of items) {
    const opts = { defaultAction: options.defaultAction, now: options.now, exception: item.exception ?? null };
    const b = decide(item.subject, before, opts);
    const a = decide(item.subject, after, opts);
    const app = item.subject.application.slug;
    totals[a.decision].dependencies += 1;
    let apps = totalsApps.get(a.decision);
    if (!apps) totalsApps.set(a.decision, (apps = new Set()));
    apps.add(app);
    const touched = [...(a.policy && a.mode !== "default" ? [{ name: a.policy.name, decision: a.decision, reason: a.reason }] : []), ...a.monitored.map((m) => ({ name: m.policy.name, decision: m.action, reason: m.reason }))];
    for (const t of touched) {
      const impact = impacts.get(t.name);
      if (!impact) continue;
      impact.count += 1;
      impact.apps.add(app);
      if (impact.matches.length < listLimit) impact.matches.push({ key: item.key, application: app, target: targetLabel(item.subject), decision: t.decision, reason: t.reason });
    }
    if (decisionChanged(b, a) || b.monitored.length !== a.monitored.length) {
      changed += 1;
      if (changes.length < changeLimit) changes.push({ key: item.key, application: app, target: targetLabel(item.subject), before: b, after: a });
    }
  }
  for (const [action, apps] of totalsApps) totals[action].applications = apps.size;
  return {
    evaluated: items.length,
    changed,
    changes,
    totals,
    byPolicy: [...impacts.values()].map((i) => ({ name: i.policy.name, action: i.policy.action, mode: i.policy.mode, dependencies: i.count, applications: i.apps.size, matches: i.matches })),
  };
}

/** "would quarantine 7 dependencies in 4 applications" */
export function describeImpact(impact: Pick<PolicyImpact, "action" | "mode" | "dependencies" | "applications">): string {
  const verb = { allow: "allow", alert: "alert on", require_approval: "require approval for", quarantine: "quarantine" }[impact.action];
  const deps = `${impact.dependencies} ${impact.dependencies === 1 ? "dependency" : "dependencies"}`;
  const apps = `${impact.applications} ${impact.applications === 1 ? "application" : "applications"}`;
  const sentence = `would ${verb} ${deps} in ${apps}`;
  return impact.mode === "monitor" ? `${sentence} (monitor mode: recorded, not enforced)` : sentence;
}
