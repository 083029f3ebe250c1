// ISO/IEC 27001:2022 Annex A, the supplier-relationship controls a third-party
// API register speaks to (5.19–5.23) and outsourced development (8.30).

import type { ControlAssessment, Framework, FrameworkAssessment } from "../controls";
import type { ReportEvidence } from "../evidence";
import {
  ASSESSMENT_MAX_AGE_DAYS,
  CLOUD_CATEGORIES,
  CAPPED_COVERAGE_CLAUSE,
  COVERAGE_CLAUSE,
  NO_CONTRACT_GAP,
  NO_PROVIDERS_GAP,
  PARTIAL_SHARE_WORDS,
  atMostPartial,
  control,
  coverageStatus,
  hasExpiredAttestation,
  hasPoorGrade,
  hasValidAttestation,
  isCloudService,
  isGraded,
  isStale,
  names,
  plural,
  registerSummary,
  sbomCoveredApplications,
} from "./common";

const NAME = "ISO/IEC 27001:2022 Annex A";

function a519(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const ungraded = ev.register.filter((e) => !isGraded(e));
  const rule = `A.5.19 supplier relationships: supported when every provider in use is in Sibyl's register with a grade ${COVERAGE_CLAUSE}; ${ungraded.length} of ${total} ${ungraded.length === 1 ? "has" : "have"} no grade`;
  const gaps = total === 0 ? [NO_PROVIDERS_GAP] : [`No grade yet for ${names(ungraded.map((e) => e.providerName))}`];
  return control("A.5.19", "Information security in supplier relationships", coverageStatus(ungraded.length, total), rule, [registerSummary(ev), `${total - ungraded.length} of ${total} graded A–F`], gaps);
}

function a520(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const attested = ev.register.filter(hasValidAttestation);
  const without = ev.register.filter((e) => !hasValidAttestation(e));
  const status = atMostPartial(coverageStatus(without.length, total));
  const rule = `A.5.20 supplier agreements: at most partially supported, as Sibyl holds no agreements; partially when at least ${PARTIAL_SHARE_WORDS} of providers in use have an unexpired security attestation recorded (SOC 2 Type II, ISO 27001 certificate or PCI DSS AoC), else not supported; ${attested.length} of ${total} have one`;
  const gaps = [NO_CONTRACT_GAP];
  if (total === 0) gaps.push(NO_PROVIDERS_GAP);
  else if (without.length) gaps.push(`No unexpired attestation recorded for ${names(without.map((e) => e.providerName))}`);
  return control("A.5.20", "Addressing information security within supplier agreements", status, rule, [`${attested.length} of ${total} providers have an unexpired attestation on record`], gaps);
}

function a521(ev: ReportEvidence): ControlAssessment {
  const apps = ev.applications.length;
  const covered = sbomCoveredApplications(ev);
  const uncovered = ev.applications.filter((a) => !covered.has(a.slug));
  const kev = ev.register.filter((e) => e.kevInSdk);
  const status = kev.length > 0 ? "not_supported" : coverageStatus(uncovered.length, apps);
  const rule = `A.5.21 ICT supply chain: supported when every application in scope has its SDKs read from an SBOM ${COVERAGE_CLAUSE} and no SDK in use has a known-exploited (KEV) vulnerability; ${covered.size} of ${apps} applications have SBOM evidence, ${plural(kev.length, "provider")} with a KEV in its SDK`;
  const gaps: string[] = [];
  if (apps === 0) gaps.push("No application in scope");
  if (uncovered.length) gaps.push(`No SBOM evidence for ${names(uncovered.map((a) => a.name))}`);
  if (kev.length) gaps.push(`SDK with a known-exploited vulnerability in use for ${names(kev.map((e) => e.providerName))}`);
  return control(
    "A.5.21",
    "Managing information security in the ICT supply chain",
    status,
    rule,
    [`${covered.size} of ${apps} applications have at least one dependency read from an SBOM`, `${plural(kev.length, "provider")} with a KEV vulnerability in an SDK in use`],
    gaps,
  );
}

function a522(ev: ReportEvidence): ControlAssessment {
  const total = ev.register.length;
  const stale = ev.register.filter((e) => isStale(e, ev.generatedAt));
  const rule = `A.5.22 monitoring: supported when every provider in use was assessed within ${ASSESSMENT_MAX_AGE_DAYS} days ${COVERAGE_CLAUSE}; ${stale.length} of ${total} were not`;
  const gaps = total === 0 ? [NO_PROVIDERS_GAP] : [`Not assessed within ${ASSESSMENT_MAX_AGE_DAYS} days: ${names(stale.map((e) => e.providerName))}`];
  const evidence = [registerSummary(ev), `${total - stale.length} of ${total} assessed within ${ASSESSMENT_MAX_AGE_DAYS} days of ${ev.generatedAt.slice(0, 10)}`];
  if (ev.methodology.lastRescoreAt) evidence.push(`Providers last rescored ${ev.methodology.lastRescoreAt.slice(0, 10)}`);
  return control("A.5.22", "Monitoring, review and change management of supplier services", coverageStatus(stale.length, total), rule, evidence, gaps);
}

function a523(ev: ReportEvidence): ControlAssessment {
  const cloud = ev.register.filter(isCloudService);
  const categories = CLOUD_CATEGORIES.join(", ");
  if (cloud.length === 0) {
    return control(
      "A.5.23",
      "Information security for use of cloud services",
      "not_applicable",
      `A.5.23 cloud services: applies to providers in the cloud infrastructure categories (${categories}); none is in use in this scope`,
      [registerSummary(ev)],
      [],
    );
  }
  const failing = cloud.filter((e) => !isGraded(e) || hasPoorGrade(e) || isStale(e, ev.generatedAt) || hasExpiredAttestation(e));
  const status = atMostPartial(coverageStatus(failing.length, cloud.length));
  const rule = `A.5.23 cloud services: at most partially supported, as Sibyl holds no cloud agreements or exit plans; partially when every cloud provider in use (${categories}) is graded A–C, assessed within ${ASSESSMENT_MAX_AGE_DAYS} days and has no expired attestation ${CAPPED_COVERAGE_CLAUSE}; ${failing.length} of ${cloud.length} are not`;
  const gaps = ["Sibyl holds no cloud service agreements, shared-responsibility split or exit strategy: record them outside Sibyl"];
  if (failing.length) gaps.push(`Ungraded, graded D/F, stale or with an expired attestation: ${names(failing.map((e) => e.providerName))}`);
  return control("A.5.23", "Information security for use of cloud services", status, rule, [`${plural(cloud.length, "cloud provider")} in use: ${names(cloud.map((e) => e.providerName))}`], gaps);
}

function a830(ev: ReportEvidence): ControlAssessment {
  const kev = ev.register.filter((e) => e.kevInSdk);
  const sdkFindings = ev.openFindings.filter((f) => f.kind === "vulnerable_sdk");
  const covered = sbomCoveredApplications(ev);
  const status = kev.length > 0 ? "not_supported" : "partially_supported";
  const more = ev.findingsTruncated > 0 ? "at least " : "";
  const rule = `A.8.30 outsourced development: at most partially supported, as Sibyl sees third-party SDKs in use, not development contracted out; not supported when any SDK in use has a known-exploited (KEV) vulnerability; ${plural(kev.length, "provider")} with a KEV in its SDK, ${more}${plural(sdkFindings.length, "open vulnerable-SDK finding")}`;
  const gaps = ["Sibyl holds no record of outsourced development (contracts, acceptance testing, code ownership): record it outside Sibyl"];
  if (kev.length) gaps.push(`SDK with a known-exploited vulnerability in use for ${names(kev.map((e) => e.providerName))}`);
  if (sdkFindings.length) gaps.push(`${more}${plural(sdkFindings.length, "open vulnerable-SDK finding")}`);
  return control(
    "A.8.30",
    "Outsourced development",
    status,
    rule,
    [`${covered.size} of ${ev.applications.length} applications have SDKs read from an SBOM`, `${plural(kev.length, "provider")} with a KEV vulnerability in an SDK in use`],
    gaps,
  );
}

export const iso27001: Framework = {
  id: "iso27001",
  name: NAME,
  shortName: "ISO 27001",
  assess(evidence: ReportEvidence): FrameworkAssessment {
    return {
      framework: "iso27001",
      name: NAME,
      scopeNote:
        "Covers the supplier controls A.5.19–A.5.23 and A.8.30 as far as Sibyl's evidence reaches: the providers observed in use, their grades, assessment dates, attestations and SDK vulnerabilities. Sibyl holds no contracts, policies or supplier processes; where a control depends on them the report says so instead of assuming them.",
      controls: [a519(evidence), a520(evidence), a521(evidence), a522(evidence), a523(evidence), a830(evidence)],
    };
  },
};
