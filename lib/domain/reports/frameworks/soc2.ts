// SOC 2 (AICPA Trust Services Criteria, 2017 with 2022 points of focus): the
// criteria a third-party API register speaks to.

import type { ControlAssessment, ControlStatus, Framework, FrameworkAssessment } from "../controls";
import { daysBetween, type ReportEvidence } from "../evidence";
import {
  ASSESSMENT_MAX_AGE_DAYS,
  COVERAGE_CLAUSE,
  NO_PROVIDERS_GAP,
  PARTIAL_SHARE_WORDS,
  atMostPartial,
  control,
  coverageStatus,
  hasPoorGrade,
  inPeriod,
  isGraded,
  isStale,
  names,
  plural,
  registerSummary,
} from "./common";

const NAME = "SOC 2 Trust Services Criteria";

/** Statuses of an ingestion run that count as a failed run. */
export const FAILED_SOURCE_STATUSES: readonly string[] = ["failed", "error"];

function cc92(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const failing = ev.register.filter((e) => !isGraded(e) || isStale(e, ev.generatedAt) || hasPoorGrade(e));
  const rule = `CC9.2 vendor risk: supported when every provider in use is graded, assessed within ${ASSESSMENT_MAX_AGE_DAYS} days and not graded D or F ${COVERAGE_CLAUSE}; ${failing.length} of ${total} are not`;
  const gaps = total === 0 ? [NO_PROVIDERS_GAP] : [`Ungraded, stale or graded D/F: ${names(failing.map((e) => `${e.providerName} (${e.grade ?? "no grade"})`))}`];
  // Acceptances beyond the listed ones expire later than every listed one, so they are in force too.
  const accepted = ev.acceptances.filter((a) => !a.expired).length + ev.acceptancesTruncated;
  const evidence = [registerSummary(ev), `${total - failing.length} of ${total} graded A–C and assessed within ${ASSESSMENT_MAX_AGE_DAYS} days`];
  if (accepted) evidence.push(`${plural(accepted, "risk acceptance")} in force with a named owner`);
  return control("CC9.2", "Assesses and manages risks associated with vendors and business partners", coverageStatus(failing.length, total), rule, evidence, gaps);
}

function cc34(ev: ReportEvidence): ControlAssessment {
  const added = ev.register.filter((e) => inPeriod(e.firstSeenAt, ev));
  const ungradedNew = added.filter((e) => !isGraded(e));
  const status: ControlStatus = ungradedNew.length > 0 ? "not_supported" : "partially_supported";
  const first = ev.trend[0];
  const last = ev.trend[ev.trend.length - 1];
  const rule = `CC3.4 changes: at most partially supported, as the evidence holds no grade history; partially when every provider first seen in the period (${ev.period.from} to ${ev.period.to}) was graded, else not supported; ${plural(added.length, "new provider")}, ${ungradedNew.length} of them ungraded`;
  const evidence = [`${plural(added.length, "provider")} first seen in the period${added.length ? `: ${names(added.map((e) => e.providerName))}` : ""}`];
  if (first && last) evidence.push(`Scope risk ${first.risk} on ${first.day}, ${last.risk} on ${last.day}`);
  const gaps = [
    "The evidence holds no grade history: grade losses over the period cannot be shown",
    "Changes beyond third-party APIs (business, organisation, leadership) are outside Sibyl",
  ];
  if (ungradedNew.length) gaps.push(`New and not graded: ${names(ungradedNew.map((e) => e.providerName))}`);
  return control("CC3.4", "Identifies and assesses changes that could significantly impact the system of internal control", status, rule, evidence, gaps);
}

function cc71(ev: ReportEvidence): ControlAssessment {
  const sources = ev.methodology.sources;
  const failing = sources.filter(
    (s) => !s.lastRunAt || daysBetween(s.lastRunAt, ev.generatedAt) > ASSESSMENT_MAX_AGE_DAYS || (s.status !== null && FAILED_SOURCE_STATUSES.includes(s.status)),
  );
  const rescore = ev.methodology.lastRescoreAt;
  const rescoreAge = rescore ? daysBetween(rescore, ev.generatedAt) : null;
  const rescoredInTime = rescoreAge !== null && rescoreAge <= ASSESSMENT_MAX_AGE_DAYS;
  const status = rescoredInTime ? coverageStatus(failing.length, sources.length) : "not_supported";
  const rule = `CC7.1 detection: at most partially supported, as Sibyl sees the API surface only; partially when at least ${PARTIAL_SHARE_WORDS} of evidence sources ran successfully within ${ASSESSMENT_MAX_AGE_DAYS} days and providers were rescored within ${ASSESSMENT_MAX_AGE_DAYS} days; ${failing.length} of ${sources.length} sources did not, last rescore ${rescoreAge === null ? "never" : `${plural(rescoreAge, "day")} ago`}`;
  const evidence = [
    `${ev.findingCounts.openedInPeriod} findings detected and ${ev.findingCounts.resolvedInPeriod} resolved in the period`,
    `Inventory monitoring: ${ev.inventory.shadow} shadow, ${ev.inventory.zombie} zombie, ${ev.inventory.orphan} orphan endpoints and ${ev.inventory.unclassifiedHosts} unclassified hosts detected`,
  ];
  const gaps: string[] = [];
  if (sources.length === 0) gaps.push("No evidence source is configured");
  if (failing.length) gaps.push(`Stale or failed sources: ${names(failing.map((s) => `${s.name} (${s.kind})`))}`);
  if (rescoreAge === null) gaps.push("Providers were never rescored");
  else if (rescoreAge > ASSESSMENT_MAX_AGE_DAYS) gaps.push(`Providers last rescored ${rescoreAge} days ago`);
  gaps.push("Sibyl watches third-party APIs, specs and SBOMs; configuration monitoring of the entity's own infrastructure is outside Sibyl");
  return control("CC7.1", "Uses detection and monitoring procedures to identify configuration changes and new vulnerabilities", atMostPartial(status), rule, evidence, gaps);
}

export const soc2: Framework = {
  id: "soc2",
  name: NAME,
  shortName: "SOC 2",
  assess(evidence: ReportEvidence): FrameworkAssessment {
    return {
      framework: "soc2",
      name: NAME,
      scopeNote:
        "Covers CC9.2 (vendor and business partner risk), CC3.4 (changes that could impact internal control) and CC7.1 (detection of configuration changes and new vulnerabilities) as far as third-party APIs are concerned. Sibyl holds no vendor agreements, no grade history and no view of the entity's own infrastructure; those parts are named as gaps.",
      controls: [cc92(evidence), cc34(evidence), cc71(evidence)],
    };
  },
};
