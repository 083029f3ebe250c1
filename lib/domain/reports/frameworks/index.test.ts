// For every framework and any evidence: the assessment is a deterministic
// function of the evidence and lists each of the framework's controls exactly
// once, each with a non-empty rule.
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FRAMEWORK_IDS, type ControlStatus } from "../controls";
import type { AttestationEvidence, ReportEvidence, Severity } from "../evidence";
import { buildApplication, buildDependency, buildEvidence, buildFinding, buildProvider, GENERATED_AT } from "../test-evidence";
import { FRAMEWORKS, assessFramework } from "./index";

const EXPECTED_IDS: Record<(typeof FRAMEWORK_IDS)[number], string[]> = {
  "owasp-api-2023": Array.from({ length: 10 }, (_, i) => `API${i + 1}:2023`),
  iso27001: ["A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23", "A.8.30"],
  soc2: ["CC9.2", "CC3.4", "CC7.1"],
  "nist-csf-2": Array.from({ length: 10 }, (_, i) => `GV.SC-${String(i + 1).padStart(2, "0")}`),
  "pci-dss-4": ["12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5"],
  dora: ["B_05.01", "B_06.01", "B_07.01"],
};
const STATUSES: ControlStatus[] = ["supported", "partially_supported", "not_supported", "not_applicable"];
const now = Date.parse(GENERATED_AT);
const isoArb = fc.integer({ min: -10, max: 800 }).map((d) => new Date(now - d * 86_400_000).toISOString());
const severityArb = fc.constantFrom<Severity>("critical", "high", "medium", "low", "info");
const attestationArb: fc.Arbitrary<AttestationEvidence> = fc.record({
  kind: fc.constantFrom("soc2_type2" as const, "iso27001" as const, "pci_dss_aoc" as const),
  issuedOn: fc.constant(null),
  expiresOn: fc.constant("2027-01-01"),
  expired: fc.boolean(),
});

const evidenceArb: fc.Arbitrary<ReportEvidence> = fc
  .record({
    apps: fc.array(fc.record({ tier: fc.integer({ min: 1, max: 4 }), pci: fc.boolean(), team: fc.boolean() }), { maxLength: 4 }),
    providers: fc.array(
      fc.record({
        grade: fc.option(fc.constantFrom("A", "B", "C", "D", "F"), { nil: null }),
        confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
        assessedAt: fc.option(isoArb, { nil: null }),
        firstSeenAt: fc.option(isoArb, { nil: null }),
        category: fc.constantFrom("payments", "cloud", "database", "ai", "email"),
        attestations: fc.array(attestationArb, { maxLength: 2 }),
        kev: fc.boolean(),
        critical: fc.boolean(),
        payment: fc.boolean(),
        band: fc.option(fc.constantFrom("low" as const, "medium" as const, "high" as const, "critical" as const), { nil: null }),
        sbom: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    findings: fc.array(fc.record({ owasp: fc.option(fc.constantFrom("API1", "API2", "API8", "API9", "API10:2023", "bogus"), { nil: null }), severity: severityArb, pastSla: fc.boolean() }), { maxLength: 6 }),
    lint: fc.array(fc.record({ owasp: fc.constantFrom("API1", "API4", "API8", "API9"), errors: fc.nat(3), warnings: fc.nat(3) }), { maxLength: 3 }),
    inv: fc.record({ endpoints: fc.nat(50), shadow: fc.nat(5), zombie: fc.nat(5), orphan: fc.nat(5), specs: fc.nat(3), internalApis: fc.nat(3), unclassifiedHosts: fc.nat(2) }),
    rescore: fc.option(isoArb, { nil: null }),
    truncated: fc.nat(3),
  })
  .map((r) => {
    const applications = r.apps.map((a, i) => buildApplication({ slug: `app${i}`, name: `App ${i}`, criticality: a.tier, dataClasses: a.pci ? ["pci"] : ["pii"], team: a.team ? "t" : null }));
    const register = r.providers.map((p, i) =>
      buildProvider({
        providerSlug: `prov${i}`,
        providerName: i % 3 === 0 ? `=cmd|${i}` : `Provider ${i}`,
        grade: p.grade,
        confidence: p.confidence,
        assessedAt: p.assessedAt,
        firstSeenAt: p.firstSeenAt,
        category: p.category,
        attestations: p.attestations,
        kevInSdk: p.kev,
        supportsCriticalApplication: p.critical,
        sendsPaymentData: p.payment,
        band: p.band,
        sources: p.sbom ? ["sbom"] : ["traffic"],
      }),
    );
    return buildEvidence({
      applications,
      register,
      dependencies: register.flatMap((e, i) => (applications.length ? [buildDependency({ applicationSlug: applications[i % applications.length].slug, providerSlug: e.providerSlug, sources: e.sources, risk: e.band ? 20 : null })] : [])),
      openFindings: r.findings.map((f, i) => buildFinding({ id: `f${i}`, owasp: f.owasp, severity: f.severity, pastSla: f.pastSla, providerSlug: register[0]?.providerSlug ?? null })),
      findingsTruncated: r.truncated,
      lint: r.lint.map((l) => ({ ...l, apis: 1, findings: l.errors + l.warnings })),
      inventory: { ...r.inv, documented: r.inv.endpoints, deprecated: 0 },
      methodology: { ...buildEvidence().methodology, lastRescoreAt: r.rescore },
    });
  });

describe("framework registry", () => {
  it("has one framework per id", () => {
    expect(Object.keys(FRAMEWORKS).sort()).toEqual([...FRAMEWORK_IDS].sort());
    for (const id of FRAMEWORK_IDS) expect(FRAMEWORKS[id].id).toBe(id);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads now from evidence.generatedAt, not the clock", () => {
    const ev = buildEvidence();
    const at = (iso: string) => {
      vi.useFakeTimers();
      vi.setSystemTime(new Date(iso));
      return JSON.stringify(FRAMEWORK_IDS.map((id) => assessFramework(id, ev)));
    };
    expect(at("2020-01-01T00:00:00Z")).toBe(at("2035-01-01T00:00:00Z"));
  });

  it("assess() is deterministic and returns every control id exactly once with a non-empty rule", () => {
    fc.assert(
      fc.property(evidenceArb, (ev) => {
        const snapshot = JSON.stringify(ev);
        for (const id of FRAMEWORK_IDS) {
          const a = assessFramework(id, ev);
          expect(a.framework).toBe(id);
          expect(a.controls.map((c) => c.id)).toEqual(EXPECTED_IDS[id]);
          for (const c of a.controls) {
            expect(c.rule.trim().length).toBeGreaterThan(0);
            expect(STATUSES).toContain(c.status);
            if (c.status === "supported") expect(c.gaps).toEqual([]);
          }
          expect(JSON.stringify(assessFramework(id, JSON.parse(snapshot) as ReportEvidence))).toBe(JSON.stringify(a));
        }
        expect(JSON.stringify(ev)).toBe(snapshot);
      }),
      { numRuns: 200 },
    );
  });
});
