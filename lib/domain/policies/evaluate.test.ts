import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, orderPolicies } from "./evaluate";
import { GRADES } from "./fields";
import { policyDefinitionSchema, policyFileSchema } from "./schema";
import { describeImpact, simulate } from "./simulate";
import { ACTION_SEVERITY, POLICY_ACTIONS, type Condition, type DecisionSubject, type Policy, type PolicyAction } from "./types";

const NOW = new Date("2026-12-06T12:00:00Z");

function subject(over: { grade?: string | null; score?: number | null; tier?: number; classes?: string[]; kev?: boolean; target?: DecisionSubject["dependency"]["target"] } = {}): DecisionSubject {
  const target = over.target ?? "provider";
  return {
    application: { slug: "payouts", criticality: over.tier ?? 1, team: "payments", environment: "production", lifecycle: "production" },
    provider: target === "provider"
      ? { slug: "acme-pay", name: "Acme Pay", score: over.score === undefined ? 55 : over.score, grade: over.grade === undefined ? "F" : over.grade, confidence: 0.8, factors: { transport: 40, incidents: null }, caps: [], kevInSdk: over.kev ?? false, attestations: ["soc2_type2"] }
      : null,
    dependency: { target, host: "api.acme-pay.example", dataClasses: over.classes ?? ["pii"], callsPerDay: 1200, sources: ["traffic"] },
  };
}

function policy(p: Partial<Policy> & { conditions: Policy["conditions"] }): Policy {
  return { name: "p", priority: 100, mode: "enforce", action: "quarantine", enabled: true, ...p };
}

const gradeFTier1 = policy({ name: "Quarantine F for tier 1", conditions: { all: [{ field: "provider.grade", op: "lte", value: "F" }, { field: "application.criticality", op: "eq", value: 1 }] } });

describe("decide", () => {
  it("lets the first matching enforce policy decide, with the reason and evidence in words", () => {
    const d = decide(subject(), orderPolicies([gradeFTier1, policy({ name: "Alert on pii", priority: 200, action: "alert", conditions: { all: [{ field: "dependency.dataClasses", op: "contains", value: "pii" }] } })]), { defaultAction: "allow", now: NOW });
    expect(d.decision).toBe("quarantine");
    expect(d.policy?.name).toBe("Quarantine F for tier 1");
    expect(d.mode).toBe("enforce");
    expect(d.reason).toBe("Grade F ≤ F and tier-1 application");
    expect(d.evidence).toEqual({ "provider.grade": "F", "application.criticality": 1 });
  });

  it("describes data classes as what the dependency sends", () => {
    const p = policy({ name: "D and pii", conditions: { all: [{ field: "provider.grade", op: "lt", value: "C" }, { field: "dependency.dataClasses", op: "in", value: ["pii", "pci"] }] } });
    expect(decide(subject({ grade: "D" }), [p], { defaultAction: "allow", now: NOW }).reason).toBe("Grade D < C and sends pii");
  });

  it("falls back to the default action and says so", () => {
    const d = decide(subject({ grade: "A", score: 95 }), [gradeFTier1], { defaultAction: "alert", now: NOW });
    expect(d).toMatchObject({ decision: "alert", policy: null, mode: "default" });
    expect(d.reason).toMatch(/default action \(alert\)/);
  });

  it("never matches a condition on a value Sibyl does not have", () => {
    expect(decide(subject({ grade: null, score: null }), [gradeFTier1], { defaultAction: "allow", now: NOW }).decision).toBe("allow");
    const unclassified = policy({ name: "Unclassified for tier 1", conditions: { all: [{ field: "dependency.target", op: "eq", value: "unclassified" }, { field: "application.criticality", op: "lte", value: 1 }] } });
    const d = decide(subject({ target: "unclassified" }), orderPolicies([gradeFTier1, unclassified]), { defaultAction: "allow", now: NOW });
    expect(d.policy?.name).toBe("Unclassified for tier 1");
  });

  it("records monitor-mode matches without letting them decide", () => {
    const monitor = policy({ name: "Watch", priority: 1, mode: "monitor", action: "quarantine", conditions: { any: [{ field: "dependency.callsPerDay", op: "gt", value: 10 }] } });
    const d = decide(subject({ grade: "B", score: 85 }), orderPolicies([monitor, gradeFTier1]), { defaultAction: "allow", now: NOW });
    expect(d.decision).toBe("allow");
    expect(d.monitored).toEqual([{ policy: { name: "Watch", priority: 1, mode: "monitor", action: "quarantine" }, action: "quarantine", reason: "calls per day 1200 > 10" }]);
  });

  it("applies an unexpired exception and names what it overrode; an expired one never applies", () => {
    const exception = { id: "x1", owner: "ana@example.com", justification: "migration to a new gateway by March", expiresAt: new Date("2027-03-01T00:00:00Z") };
    const d = decide(subject(), [gradeFTier1], { defaultAction: "allow", now: NOW, exception });
    expect(d).toMatchObject({ decision: "allow", mode: "exception", overridden: "quarantine", exception: { id: "x1", expiresAt: "2027-03-01T00:00:00.000Z" } });
    expect(d.reason).toMatch(/^Exception for ana@example.com until 2027-03-01/);
    const expired = decide(subject(), [gradeFTier1], { defaultAction: "allow", now: new Date("2027-03-02T00:00:00Z"), exception });
    expect(expired).toMatchObject({ decision: "quarantine", exception: null });
  });

  it("orders equal priorities by name so decisions are deterministic", () => {
    const a = policy({ name: "b-alert", action: "alert", conditions: { all: [{ field: "application.slug", op: "eq", value: "payouts" }] } });
    const b = policy({ name: "a-quarantine", conditions: { all: [{ field: "application.slug", op: "eq", value: "payouts" }] } });
    expect(decide(subject(), orderPolicies([a, b]), { defaultAction: "allow", now: NOW }).policy?.name).toBe("a-quarantine");
  });
});

describe("policy validation", () => {
  const errors = (input: unknown) => {
    const r = policyDefinitionSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts the documented file shape and fills in defaults", () => {
    const r = policyFileSchema.parse({ policies: [{ name: "q", action: "quarantine", conditions: { all: [{ field: "provider.grade", op: "lt", value: "C" }, { any: [{ field: "dependency.dataClasses", op: "contains", value: "pii" }, { field: "provider.kevInSdk", op: "eq", value: true }] }] } }] });
    expect(r.policies[0]).toMatchObject({ priority: 100, mode: "enforce", enabled: true });
  });

  it("refuses an invalid policy with one message per field", () => {
    expect(errors({ name: "", action: "block", priority: 1.5, conditions: { all: [{ field: "provider.colour", op: "eq", value: "red" }, { field: "provider.grade", op: "lt", value: "E" }, { field: "application.criticality", op: "contains", value: 1 }] } })).toEqual([
      "name: name is required",
      "priority: priority must be a whole number",
      "action: action must be one of allow, alert, require_approval, quarantine",
      expect.stringMatching(/^conditions\.all\.0\.field: unknown field "provider\.colour"/),
      "conditions.all.1.value: provider.grade is a letter grade (A, B, C, D, F); got \"E\"",
      "conditions.all.2.op: application.criticality is a number: op must be one of eq, ne, lt, lte, gt, gte, in, notIn",
    ]);
    expect(errors({ name: "x", action: "quarantine", conditions: { all: [{ field: "provider.colour", op: "eq", value: "red" }, { field: "provider.grade", op: "lt", value: "E" }, { field: "application.criticality", op: "contains", value: 1 }, { field: "dependency.dataClasses", op: "in", value: "pii" }] } })).toEqual([
      expect.stringMatching(/^conditions\.all\.0\.field: unknown field "provider\.colour"/),
      "conditions.all.1.value: provider.grade is a letter grade (A, B, C, D, F); got \"E\"",
      "conditions.all.2.op: application.criticality is a number: op must be one of eq, ne, lt, lte, gt, gte, in, notIn",
      "conditions.all.3.value: in takes a list of values",
    ]);
  });

  it("refuses reputation conditions that point the wrong way for the action", () => {
    expect(errors({ name: "x", action: "allow", conditions: { all: [{ field: "provider.score", op: "lt", value: 40 }] } })[0]).toMatch(/allow policy may only ask for a better provider/);
    expect(errors({ name: "x", action: "quarantine", conditions: { all: [{ field: "provider.attestation.soc2_type2", op: "eq", value: true }] } })[0]).toMatch(/may only ask for a worse provider/);
    expect(errors({ name: "x", action: "quarantine", conditions: { all: [{ field: "provider.grade", op: "eq", value: "D" }] } })[0]).toMatch(/compare reputation with lt\/lte/);
    expect(errors({ name: "x", action: "quarantine", conditions: { all: [{ field: "provider.grade", op: "eq", value: "F" }] } })).toEqual([]);
  });

  it("refuses duplicate names in one file", () => {
    const r = policyFileSchema.safeParse({ policies: [{ name: "a", action: "alert", conditions: { all: [{ field: "application.slug", op: "eq", value: "x" }] } }, { name: "a", action: "alert", conditions: { all: [{ field: "application.slug", op: "eq", value: "y" }] } }] });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual(["policies.1.name"]);
  });
});

// --- properties -------------------------------------------------------------------------------

const gradeArb = fc.constantFrom(...GRADES);
const reputationLeaf = (direction: "worse" | "better"): fc.Arbitrary<Condition> =>
  fc.oneof(
    fc.record({ field: fc.constant("provider.score"), op: fc.constantFrom(...(direction === "worse" ? (["lt", "lte"] as const) : (["gt", "gte"] as const))), value: fc.integer({ min: 0, max: 100 }) }),
    fc.record({ field: fc.constant("provider.grade"), op: fc.constantFrom(...(direction === "worse" ? (["lt", "lte"] as const) : (["gt", "gte"] as const))), value: gradeArb }),
    fc.record({ field: fc.constant("provider.factor.transport"), op: fc.constantFrom(...(direction === "worse" ? (["lt", "lte"] as const) : (["gt", "gte"] as const))), value: fc.integer({ min: 0, max: 100 }) }),
  );
const contextLeaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ field: fc.constant("application.criticality"), op: fc.constantFrom("eq", "ne", "lt", "lte", "gt", "gte" as const), value: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ field: fc.constant("dependency.dataClasses"), op: fc.constant("contains" as const), value: fc.constantFrom("pii", "pci", "internal") }),
  fc.record({ field: fc.constant("dependency.dataClasses"), op: fc.constant("notIn" as const), value: fc.subarray(["pii", "pci", "internal"], { minLength: 1 }) }),
  fc.record({ field: fc.constant("dependency.callsPerDay"), op: fc.constantFrom("gt", "lt" as const), value: fc.integer({ min: 0, max: 5000 }) }),
);
const tree = (direction: "worse" | "better"): fc.Arbitrary<Policy["conditions"]> => {
  const leaf = fc.oneof(reputationLeaf(direction), contextLeaf);
  // Nested at most two groups deep under the top level (the schema allows four levels in all).
  const group = (child: fc.Arbitrary<Condition>): fc.Arbitrary<Condition> => fc.oneof(fc.record({ all: fc.array(child, { minLength: 1, maxLength: 3 }) }), fc.record({ any: fc.array(child, { minLength: 1, maxLength: 3 }) }));
  const node = fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: group(fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: group(leaf) })) });
  return fc.oneof(fc.record({ all: fc.array(node, { minLength: 1, maxLength: 3 }) }), fc.record({ any: fc.array(node, { minLength: 1, maxLength: 3 }) }));
};
const policyArb: fc.Arbitrary<Policy> = fc.constantFrom(...POLICY_ACTIONS).chain((action) =>
  fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,7}$/),
    priority: fc.integer({ min: 0, max: 20 }),
    mode: fc.constantFrom("enforce", "monitor" as const),
    action: fc.constant(action),
    enabled: fc.boolean(),
    conditions: tree(action === "allow" ? "better" : "worse"),
  }),
);
const policySetArb = fc.uniqueArray(policyArb, { minLength: 0, maxLength: 6, selector: (p) => p.name });
const subjectArb = fc.record({
  score: fc.integer({ min: 0, max: 100 }),
  grade: gradeArb,
  transport: fc.integer({ min: 0, max: 100 }),
  tier: fc.integer({ min: 1, max: 4 }),
  classes: fc.subarray(["pii", "pci", "internal"]),
  calls: fc.integer({ min: 0, max: 5000 }),
});
const toSubject = (s: { score: number; grade: string; transport: number; tier: number; classes: string[]; calls: number }): DecisionSubject => {
  const base = subject({ grade: s.grade, score: s.score, tier: s.tier, classes: s.classes });
  return { ...base, provider: base.provider && { ...base.provider, factors: { transport: s.transport } }, dependency: { ...base.dependency, callsPerDay: s.calls } };
};
const generatedPoliciesAreValid = (ps: Policy[]) => ps.every((p) => policyDefinitionSchema.safeParse(p).success);

describe("properties", () => {
  it("every generated policy passes validation (the properties below cover what users can save)", () => {
    fc.assert(fc.property(policySetArb, (ps) => generatedPoliciesAreValid(ps)), { numRuns: 300 });
  });

  it("a provider getting worse never turns a quarantine into allow, under any valid policy set and default", () => {
    fc.assert(
      fc.property(policySetArb, subjectArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(...POLICY_ACTIONS), (ps, s, scoreDrop, gradeDrop, transportDrop, defaultAction) => {
        const ordered = orderPolicies(ps);
        const before = decide(toSubject(s), ordered, { defaultAction, now: NOW });
        const worseGrade = GRADES[Math.min(GRADES.length - 1, GRADES.indexOf(s.grade as (typeof GRADES)[number]) + gradeDrop)];
        const after = decide(toSubject({ ...s, score: Math.max(0, s.score - scoreDrop), grade: worseGrade, transport: Math.max(0, s.transport - transportDrop) }), ordered, { defaultAction, now: NOW });
        if (before.decision === "quarantine") expect(after.decision).not.toBe("allow");
        // Stronger: a blocking policy that decided still matches, so nothing less severe than a block follows.
        if (before.policy && before.decision !== "allow" && before.mode === "enforce") expect(after.policy).not.toBeNull();
      }),
      { numRuns: 400 },
    );
  }, 180_000);

  it("monitor-mode policies never change an enforced decision", () => {
    fc.assert(
      fc.property(policySetArb, subjectArb, (ps, s) => {
        const enforced = ps.filter((p) => p.mode === "enforce");
        const withMonitor = decide(toSubject(s), orderPolicies(ps), { defaultAction: "allow", now: NOW });
        const without = decide(toSubject(s), orderPolicies(enforced), { defaultAction: "allow", now: NOW });
        expect({ decision: withMonitor.decision, policy: withMonitor.policy, reason: withMonitor.reason }).toEqual({ decision: without.decision, policy: without.policy, reason: without.reason });
      }),
      { numRuns: 300 },
    );
  }, 180_000);

  it("an expired exception never applies", () => {
    fc.assert(
      fc.property(policySetArb, subjectArb, fc.integer({ min: 0, max: 400 * 86_400_000 }), (ps, s, ageMs) => {
        const exception = { id: "e", owner: "o", justification: "because of a migration", expiresAt: new Date(NOW.getTime() - ageMs) };
        const withIt = decide(toSubject(s), orderPolicies(ps), { defaultAction: "quarantine", now: NOW, exception });
        const without = decide(toSubject(s), orderPolicies(ps), { defaultAction: "quarantine", now: NOW });
        expect(withIt).toEqual(without);
      }),
      { numRuns: 300 },
    );
  }, 180_000);

  it("is deterministic whatever order the policies are given in", () => {
    fc.assert(
      fc.property(policySetArb, subjectArb, (ps, s) => {
        const a = decide(toSubject(s), orderPolicies(ps), { defaultAction: "allow", now: NOW });
        const b = decide(toSubject(s), orderPolicies([...ps].reverse()), { defaultAction: "allow", now: NOW });
        expect(a).toEqual(b);
      }),
      { numRuns: 300 },
    );
  }, 180_000);
});

describe("simulate", () => {
  it("counts what a new policy would quarantine, in how many applications, with the list", () => {
    const items = [
      { key: "1", subject: subject() },
      { key: "2", subject: { ...subject(), application: { ...subject().application, slug: "ledger" } } },
      { key: "3", subject: subject({ grade: "B", score: 85 }) },
      { key: "4", subject: subject({ tier: 3 }) },
    ];
    const result = simulate(items, [], [gradeFTier1], { defaultAction: "allow", now: NOW });
    const impact = result.byPolicy[0];
    expect(impact).toMatchObject({ name: "Quarantine F for tier 1", dependencies: 2, applications: 2 });
    expect(impact.matches.map((m) => m.key)).toEqual(["1", "2"]);
    expect(describeImpact(impact)).toBe("would quarantine 2 dependencies in 2 applications");
    expect(result.changes.map((c) => [c.key, c.before.decision, c.after.decision])).toEqual([["1", "allow", "quarantine"], ["2", "allow", "quarantine"]]);
    expect(result.totals.quarantine).toEqual({ dependencies: 2, applications: 2 });
    expect(ACTION_SEVERITY.quarantine).toBeGreaterThan(ACTION_SEVERITY.allow);
  });

  it("says when a monitor-mode policy is only recorded", () => {
    expect(describeImpact({ action: "quarantine" as PolicyAction, mode: "monitor", dependencies: 1, applications: 1 })).toBe("would quarantine 1 dependency in 1 application (monitor mode: recorded, not enforced)");
  });
});
