// NIST Cybersecurity Framework 2.0, GOVERN › Cybersecurity Supply Chain Risk
// Management (GV.SC-01 … GV.SC-10). Titles paraphrase the official outcomes.

import type { ControlAssessment, ControlStatus, Framework, FrameworkAssessment } from "../controls";
import type { ReportEvidence } from "../evidence";
import {
  ASSESSMENT_MAX_AGE_DAYS,
  CAPPED_COVERAGE_CLAUSE,
  COVERAGE_CLAUSE,
  MIN_DUE_DILIGENCE_CONFIDENCE,
  NO_CONTRACT_GAP,
  NO_PROVIDERS_GAP,
  atMostPartial,
  control,
  coverageStatus,
  hasExpiredAttestation,
  isGraded,
  isStale,
  names,
  plural,
  registerSummary,
} from "./common";

const NAME = "NIST Cybersecurity Framework 2.0 (GV.SC)";

function notHeld(id: string, title: string, what: string, record: string, evidence: string[] = []): ControlAssessment {
  return control(id, title, "not_supported", `${id}: not supported, as Sibyl holds no ${what}; the evidence cannot speak to it`, evidence, [`Sibyl holds no ${what}: ${record}`]);
}

function sc01(): ControlAssessment {
  return notHeld(
    "GV.SC-01",
    "A supply chain risk management programme, strategy, objectives, policies and processes are established and agreed",
    "supply chain risk management programme, strategy or policy",
    "record them outside Sibyl",
  );
}

function sc02(ev: ReportEvidence): ControlAssessment {
  const noTeam = ev.applications.filter((a) => !a.team);
  const serious = ev.openFindings.filter((f) => f.severity === "critical" || f.severity === "high");
  const unassigned = serious.filter((f) => !f.assignee);
  const status: ControlStatus = ev.applications.length > 0 && noTeam.length === 0 && unassigned.length === 0 ? "partially_supported" : "not_supported";
  const rule = `GV.SC-02 roles: at most partially supported, as Sibyl holds no supplier-side roles; partially when every application in scope has an owning team and every open critical or high finding has an assignee, else not supported; ${noTeam.length} of ${ev.applications.length} applications without a team, ${unassigned.length} of ${serious.length} critical or high findings unassigned`;
  const gaps = ["Sibyl holds no supplier, customer or partner roles and responsibilities: record them outside Sibyl"];
  if (noTeam.length) gaps.push(`No owning team: ${names(noTeam.map((a) => a.name))}`);
  if (unassigned.length) gaps.push(`Unassigned critical or high findings: ${names(unassigned.map((f) => f.title))}`);
  return control("GV.SC-02", "Supply chain cybersecurity roles and responsibilities are established, communicated and coordinated", status, rule, [`${ev.applications.length - noTeam.length} of ${ev.applications.length} applications have an owning team`], gaps);
}

function sc03(ev: ReportEvidence): ControlAssessment {
  const deps = ev.dependencies.filter((d) => d.targetKind === "provider");
  const unscored = deps.filter((d) => d.risk === null);
  const status = atMostPartial(coverageStatus(unscored.length, deps.length));
  const rule = `GV.SC-03 integration with risk management: at most partially supported, as Sibyl cannot show the enterprise risk process; partially when every dependency on a provider has a contextual risk (likelihood × impact) ${CAPPED_COVERAGE_CLAUSE}; ${unscored.length} of ${deps.length} have none`;
  const gaps = ["Integration with the enterprise risk management and improvement processes is outside Sibyl"];
  if (deps.length === 0) gaps.push(NO_PROVIDERS_GAP);
  if (unscored.length) gaps.push(`${plural(unscored.length, "provider dependency", "provider dependencies")} without a contextual risk`);
  const evidence = [`${deps.length - unscored.length} of ${deps.length} provider dependencies carry a contextual risk and band`, `${plural(ev.acceptances.length + ev.acceptancesTruncated, "risk acceptance")} recorded`];
  return control("GV.SC-03", "Supply chain risk management is integrated into cybersecurity and enterprise risk management", status, rule, evidence, gaps);
}

function sc04(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const unranked = ev.register.filter((e) => !isGraded(e) || e.band === null);
  const critical = ev.register.filter((e) => e.supportsCriticalApplication);
  const rule = `GV.SC-04 supplier inventory and criticality: supported when every provider in use is in the register with a grade and a contextual risk band ${COVERAGE_CLAUSE}; ${unranked.length} of ${total} lack one`;
  const gaps = total === 0 ? [NO_PROVIDERS_GAP] : [`No grade or band: ${names(unranked.map((e) => e.providerName))}`];
  const evidence = [registerSummary(ev), `${plural(critical.length, "provider")} support a tier-1 application`];
  return control("GV.SC-04", "Suppliers are known and prioritised by criticality", coverageStatus(unranked.length, total), rule, evidence, gaps);
}

function sc05(ev: ReportEvidence): ControlAssessment {
  return notHeld(
    "GV.SC-05",
    "Supply chain security requirements are established, prioritised and integrated into contracts and agreements",
    "contract data",
    "record agreements outside Sibyl",
    [`${ev.register.filter((e) => e.attestations.length > 0).length} of ${ev.register.length} providers have an attestation recorded (not a contract requirement)`],
  );
}

function sc06(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const thin = ev.register.filter((e) => !isGraded(e) || e.confidence === null || e.confidence < MIN_DUE_DILIGENCE_CONFIDENCE);
  const status = atMostPartial(coverageStatus(thin.length, total));
  const rule = `GV.SC-06 due diligence: at most partially supported, as Sibyl assesses providers once observed in use and cannot show the assessment preceded the relationship; partially when every provider in use is graded with confidence of at least ${Math.round(MIN_DUE_DILIGENCE_CONFIDENCE * 100)} % ${CAPPED_COVERAGE_CLAUSE}; ${thin.length} of ${total} are not`;
  const gaps = ["Sibyl cannot show due diligence happened before the relationship began: record pre-contract assessments outside Sibyl"];
  if (total === 0) gaps.push(NO_PROVIDERS_GAP);
  if (thin.length) gaps.push(`Ungraded or on thin evidence: ${names(thin.map((e) => e.providerName))}`);
  return control("GV.SC-06", "Planning and due diligence reduce risks before entering supplier relationships", status, rule, [`${total - thin.length} of ${total} graded on sufficient evidence`], gaps);
}

function sc07(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const lateProviders = new Set(ev.openFindings.filter((f) => f.pastSla && f.providerSlug).map((f) => f.providerSlug as string));
  const failing = ev.register.filter((e) => isStale(e, ev.generatedAt) || lateProviders.has(e.providerSlug));
  const rule = `GV.SC-07 risks monitored over the relationship: supported when every provider in use was assessed within ${ASSESSMENT_MAX_AGE_DAYS} days and has no open finding past its SLA ${COVERAGE_CLAUSE}; ${failing.length} of ${total} do not`;
  const gaps = total === 0 ? [NO_PROVIDERS_GAP] : [`Stale or with a finding past SLA: ${names(failing.map((e) => e.providerName))}`];
  const evidence = [`${total - failing.length} of ${total} providers assessed within ${ASSESSMENT_MAX_AGE_DAYS} days with no finding past SLA`, `${plural(ev.acceptances.filter((a) => !a.expired).length + ev.acceptancesTruncated, "risk acceptance")} in force`];
  return control("GV.SC-07", "Supplier risks are understood, recorded, prioritised, assessed, responded to and monitored over the relationship", coverageStatus(failing.length, total), rule, evidence, gaps);
}

function sc08(): ControlAssessment {
  return notHeld(
    "GV.SC-08",
    "Relevant suppliers are included in incident planning, response and recovery",
    "incident response or recovery plans",
    "record supplier roles in incident plans outside Sibyl",
  );
}

function sc09(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const failing = ev.register.filter((e) => isStale(e, ev.generatedAt) || hasExpiredAttestation(e) || e.kevInSdk);
  const rule = `GV.SC-09 lifecycle monitoring: supported when every provider in use was assessed within ${ASSESSMENT_MAX_AGE_DAYS} days, has no expired attestation and no known-exploited (KEV) vulnerability in its SDK ${COVERAGE_CLAUSE}; ${failing.length} of ${total} do not`;
  const gaps = total === 0 ? [NO_PROVIDERS_GAP] : [`Stale, expired attestation or KEV in SDK: ${names(failing.map((e) => e.providerName))}`];
  return control("GV.SC-09", "Supply chain security is monitored throughout the product and service life cycle", coverageStatus(failing.length, total), rule, [registerSummary(ev)], gaps);
}

function sc10(): ControlAssessment {
  return notHeld(
    "GV.SC-10",
    "Supply chain risk plans cover activities after a partnership or service agreement ends",
    "exit, offboarding or post-relationship plans",
    "record them outside Sibyl",
  );
}

export const nistCsf2: Framework = {
  id: "nist-csf-2",
  name: NAME,
  shortName: "NIST CSF 2.0",
  assess(evidence: ReportEvidence): FrameworkAssessment {
    return {
      framework: "nist-csf-2",
      name: NAME,
      scopeNote: `Covers the ten supply chain outcomes of GV.SC. Sibyl evidences the supplier inventory and its criticality (GV.SC-04), monitoring over the relationship and the life cycle (GV.SC-07, GV.SC-09) and, in part, due diligence, roles and risk integration; it holds no programme documents, contracts, incident plans or exit plans (GV.SC-01, -05, -08, -10). ${NO_CONTRACT_GAP}.`,
      controls: [sc01(), sc02(evidence), sc03(evidence), sc04(evidence), sc05(evidence), sc06(evidence), sc07(evidence), sc08(), sc09(evidence), sc10()],
    };
  },
};
