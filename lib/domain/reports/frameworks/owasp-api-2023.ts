// OWASP API Security Top 10 (2023): what Sibyl's evidence says about each
// category. Three kinds of evidence exist: runtime detections (open findings
// tagged with the category), design checks of the specs (spec-lint, the
// spectral-owasp-ruleset checks) and, for API9/API10, the inventory and the
// third-party register. Categories Sibyl can only check in specs are never
// "supported": a spec that declares authorization does not show it is enforced.

import { OWASP_API_2023, type OwaspCategory } from "../../triage/owasp";
import type { ControlAssessment, ControlStatus, Framework, FrameworkAssessment } from "../controls";
import type { FindingEvidence, LintEvidence, ReportEvidence, Severity } from "../evidence";
import {
  NO_PROVIDERS_GAP,
  PARTIAL_COVERAGE_SHARE,
  PARTIAL_SHARE_WORDS,
  control,
  hasExpiredAttestation,
  hasPoorGrade,
  isGraded,
  names,
  owaspKey,
  pct,
  plural,
} from "./common";

const NAME = "OWASP API Security Top 10 (2023)";

/** Open findings of these severities in a category contradict it. */
export const BLOCKING_SEVERITIES: readonly Severity[] = ["critical", "high"];
/** Share of observed endpoints that may be shadow, zombie or orphan for API9 to stay partially supported. */
export const INVENTORY_ISSUE_SHARE_LIMIT = 0.1;

/** How Sibyl can observe each category. */
const COVERAGE: Record<OwaspCategory, { design: boolean; runtime: boolean; unobserved?: string }> = {
  API1: { design: true, runtime: false, unobserved: "runtime object-level authorization is not observed" },
  API2: { design: true, runtime: true },
  API3: { design: true, runtime: true },
  API4: { design: true, runtime: false, unobserved: "rate limits and quotas are not tested at runtime" },
  API5: { design: true, runtime: false, unobserved: "runtime function-level authorization is not observed" },
  API6: { design: false, runtime: false, unobserved: "Sibyl has no check for sensitive business flows, neither in specs nor at runtime" },
  API7: { design: true, runtime: false, unobserved: "outbound requests to user-supplied URLs are not observed at runtime" },
  API8: { design: true, runtime: true },
  API9: { design: true, runtime: true },
  API10: { design: false, runtime: true },
};

interface CategoryFacts {
  findings: FindingEvidence[];
  blocking: FindingEvidence[];
  lint: LintEvidence | null;
}

function facts(ev: ReportEvidence, cat: OwaspCategory): CategoryFacts {
  const findings = ev.openFindings.filter((f) => owaspKey(f.owasp) === cat);
  const lintRows = ev.lint.filter((l) => owaspKey(l.owasp) === cat);
  const lint = lintRows.length
    ? lintRows.reduce<LintEvidence>((a, l) => ({ owasp: cat, apis: a.apis + l.apis, findings: a.findings + l.findings, errors: a.errors + l.errors, warnings: a.warnings + l.warnings }), { owasp: cat, apis: 0, findings: 0, errors: 0, warnings: 0 })
    : null;
  return { findings, blocking: findings.filter((f) => BLOCKING_SEVERITIES.includes(f.severity)), lint };
}

function findingWords(ev: ReportEvidence, f: CategoryFacts): string {
  const more = ev.findingsTruncated > 0 ? "at least " : "";
  return `${more}${plural(f.findings.length, "open finding")} (${more}${f.blocking.length} critical or high)`;
}

function lintWords(ev: ReportEvidence, f: CategoryFacts): string {
  const l = f.lint;
  return `spec design checks of ${plural(ev.inventory.specs, "spec")}: ${l ? `${plural(l.errors, "error")} and ${plural(l.warnings, "warning")} in ${plural(l.apis, "API")}` : "no issue"}`;
}

const id = (cat: OwaspCategory) => `${cat}:2023`;
const title = (cat: OwaspCategory) => OWASP_API_2023[cat];

/** Categories Sibyl can check only in specs (API1, API4, API5, API7): at most partially supported. */
function designOnly(ev: ReportEvidence, cat: OwaspCategory): ControlAssessment {
  const f = facts(ev, cat);
  const unobserved = COVERAGE[cat].unobserved ?? "";
  const errors = f.lint?.errors ?? 0;
  const specs = ev.inventory.specs;
  const status: ControlStatus = specs === 0 || errors > 0 || f.blocking.length > 0 ? "not_supported" : "partially_supported";
  const rule = `${id(cat)}: at most partially supported, as only design checks of specs run (${unobserved}); not supported when no spec was checked or a check reports an error; ${lintWords(ev, f)}`;
  const gaps = [`Only design checks of specs; ${unobserved}`];
  if (specs === 0) gaps.push("No spec in scope was checked");
  if (errors > 0) gaps.push(`${plural(errors, "design-check error")} in ${plural(f.lint?.apis ?? 0, "API")}`);
  if (f.findings.length) gaps.push(findingWords(ev, f));
  return control(id(cat), title(cat), status, rule, [lintWords(ev, f)], gaps);
}

/** Categories with both runtime detections and design checks (API2, API3, API8). */
function observed(ev: ReportEvidence, cat: OwaspCategory): ControlAssessment {
  const f = facts(ev, cat);
  const errors = f.lint?.errors ?? 0;
  const warnings = f.lint?.warnings ?? 0;
  const specs = ev.inventory.specs;
  let status: ControlStatus = "supported";
  if (f.blocking.length > 0 || errors > 0) status = "not_supported";
  else if (f.findings.length > 0 || warnings > 0 || specs === 0) status = "partially_supported";
  const rule = `${id(cat)}: supported when no finding is open in the category and the spec design checks report nothing; not supported when a critical or high finding is open or a design check reports an error; ${findingWords(ev, f)}, ${lintWords(ev, f)}`;
  const gaps: string[] = [];
  if (f.findings.length) gaps.push(`Open: ${names(f.findings.map((x) => x.title))}`);
  if (errors + warnings > 0) gaps.push(`${plural(errors, "design-check error")} and ${plural(warnings, "warning")} in specs`);
  if (specs === 0) gaps.push("No spec in scope was checked: only runtime detections speak to this category");
  return control(id(cat), title(cat), status, rule, [`Runtime detections: ${findingWords(ev, f)}`, lintWords(ev, f)], gaps);
}

function api6(ev: ReportEvidence): ControlAssessment {
  const unobserved = COVERAGE.API6.unobserved ?? "";
  return control(
    id("API6"),
    title("API6"),
    "not_supported",
    `${id("API6")}: not supported, as ${unobserved}; the evidence cannot speak to it`,
    [`${plural(ev.inventory.endpoints, "endpoint")} inventoried; none is classified by business flow`],
    [`${unobserved}: review sensitive flows (purchase, sign-up, booking) and their anti-automation outside Sibyl`],
  );
}

function api9(ev: ReportEvidence): ControlAssessment {
  const f = facts(ev, "API9");
  const inv = ev.inventory;
  const issues = inv.shadow + inv.zombie + inv.orphan;
  const share = inv.endpoints > 0 ? issues / inv.endpoints : 0;
  let status: ControlStatus;
  if (inv.endpoints === 0 && inv.internalApis === 0) status = "not_supported";
  else if (issues === 0 && inv.unclassifiedHosts === 0 && f.findings.length === 0 && (f.lint?.errors ?? 0) === 0) status = "supported";
  else status = share <= INVENTORY_ISSUE_SHARE_LIMIT && f.blocking.length === 0 ? "partially_supported" : "not_supported";
  const rule = `${id("API9")}: supported when no shadow, zombie or orphan endpoint, no unclassified host and no open inventory finding is observed; partially when at most ${Math.round(INVENTORY_ISSUE_SHARE_LIMIT * 100)} % of endpoints are shadow, zombie or orphan and no critical or high inventory finding is open; ${inv.shadow} shadow, ${inv.zombie} zombie, ${inv.orphan} orphan of ${inv.endpoints} endpoints (${pct(issues, inv.endpoints)}), ${plural(inv.unclassifiedHosts, "unclassified host")}, ${findingWords(ev, f)}`;
  const gaps: string[] = [];
  if (inv.endpoints === 0 && inv.internalApis === 0) gaps.push("No API inventory in scope: ingest specs and traffic");
  if (inv.shadow) gaps.push(`${plural(inv.shadow, "shadow endpoint")} (called, not in any spec)`);
  if (inv.zombie) gaps.push(`${plural(inv.zombie, "zombie endpoint")} (deprecated or retired, still called)`);
  if (inv.orphan) gaps.push(`${plural(inv.orphan, "orphan endpoint")} (in a spec, never called)`);
  if (inv.unclassifiedHosts) gaps.push(`${plural(inv.unclassifiedHosts, "unclassified host")} called`);
  if (f.lint?.errors) gaps.push(`${plural(f.lint.errors, "design-check error")} on inventory metadata (x-internal, environment)`);
  return control(
    id("API9"),
    title("API9"),
    status,
    rule,
    [`${inv.internalApis} internal APIs, ${inv.specs} specs, ${inv.documented} of ${inv.endpoints} endpoints documented`, `${inv.deprecated} deprecated endpoints known`],
    gaps,
  );
}

function api10(ev: ReportEvidence): ControlAssessment {
  const f = facts(ev, "API10");
  const total = ev.register.length;
  const kev = ev.register.filter((e) => e.kevInSdk);
  const poor = ev.register.filter(hasPoorGrade);
  const expired = ev.register.filter(hasExpiredAttestation);
  const ungraded = ev.register.filter((e) => !isGraded(e));
  const unsafe = ev.register.filter((e) => e.kevInSdk || hasPoorGrade(e) || hasExpiredAttestation(e));
  let status: ControlStatus;
  if (total === 0 || kev.length > 0 || (total - unsafe.length) / total < PARTIAL_COVERAGE_SHARE) status = "not_supported";
  else if (unsafe.length > 0 || ungraded.length > 0 || f.findings.length > 0) status = "partially_supported";
  else status = "supported";
  const rule = `${id("API10")}: supported when no provider in use is graded D or F, has a known-exploited (KEV) vulnerability in its SDK or an expired attestation, every provider is graded and no third-party finding is open; not supported when any SDK has a KEV or fewer than ${PARTIAL_SHARE_WORDS} of providers are clear; of ${total} providers ${poor.length} graded D/F, ${kev.length} with a KEV in an SDK, ${expired.length} with an expired attestation, ${ungraded.length} ungraded; ${findingWords(ev, f)}`;
  const gaps: string[] = [];
  if (total === 0) gaps.push(NO_PROVIDERS_GAP);
  if (poor.length) gaps.push(`Graded D or F: ${names(poor.map((e) => e.providerName))}`);
  if (kev.length) gaps.push(`KEV in SDK: ${names(kev.map((e) => e.providerName))}`);
  if (expired.length) gaps.push(`Expired attestation: ${names(expired.map((e) => e.providerName))}`);
  if (ungraded.length) gaps.push(`Not graded: ${names(ungraded.map((e) => e.providerName))}`);
  if (f.findings.length) gaps.push(`Open: ${names(f.findings.map((x) => x.title))}`);
  return control(id("API10"), title("API10"), status, rule, [`${plural(total, "third-party provider")} in use`, `Runtime detections: ${findingWords(ev, f)}`], gaps);
}

export const owaspApi2023: Framework = {
  id: "owasp-api-2023",
  name: NAME,
  shortName: "OWASP API Top 10",
  assess(evidence: ReportEvidence): FrameworkAssessment {
    const controls = (Object.keys(OWASP_API_2023) as OwaspCategory[]).map((cat) => {
      if (cat === "API6") return api6(evidence);
      if (cat === "API9") return api9(evidence);
      if (cat === "API10") return api10(evidence);
      return COVERAGE[cat].runtime ? observed(evidence, cat) : designOnly(evidence, cat);
    });
    return {
      framework: "owasp-api-2023",
      name: NAME,
      scopeNote:
        "Sibyl observes traffic, specs, SBOMs and third-party providers; it does not test running APIs. Authorization (API1, API5), resource limits (API4) and server-side request forgery (API7) are checked only in the specs' design, so they are at most partially supported; sensitive business flows (API6) are not checked at all. API9 reads the inventory, API10 the third-party register.",
      controls,
    };
  },
};
