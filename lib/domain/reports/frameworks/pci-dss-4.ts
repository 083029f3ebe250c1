// PCI DSS v4.0 requirement 12.8: third-party service providers (TPSPs) with
// which account data is shared. In scope: applications declaring the "pci"
// data class and providers receiving payment data from an application in scope.

import type { ControlAssessment, Framework, FrameworkAssessment } from "../controls";
import type { RegisterEntry, ReportEvidence } from "../evidence";
import {
  CAPPED_COVERAGE_CLAUSE,
  COVERAGE_CLAUSE,
  MIN_DUE_DILIGENCE_CONFIDENCE,
  NO_CONTRACT_GAP,
  assessmentAgeDays,
  atMostPartial,
  control,
  coverageStatus,
  isGraded,
  names,
  plural,
} from "./common";

const NAME = "PCI DSS v4.0 Requirement 12.8";

/** Declared application data class that means account (cardholder) data. */
export const PCI_DATA_CLASS = "pci";
/** 12.8.4: TPSPs' PCI DSS compliance status is monitored at least once every 12 months. */
export const PCI_MONITORING_MAX_AGE_DAYS = 365;

const TITLES: Record<string, string> = {
  "12.8.1": "A list of all TPSPs with which account data is shared is maintained, with the services each provides",
  "12.8.2": "Written agreements with TPSPs acknowledge their responsibility for the account data they handle",
  "12.8.3": "An established process, including due diligence prior to engagement, is followed to engage TPSPs",
  "12.8.4": "TPSPs' PCI DSS compliance status is monitored at least once every 12 months",
  "12.8.5": "Which requirements each TPSP manages, and which the entity manages, is documented",
};

const hasValidAoc = (e: RegisterEntry) => e.attestations.some((a) => a.kind === "pci_dss_aoc" && !a.expired);

function list(tpsps: RegisterEntry[], pciApps: number): ControlAssessment {
  const status = tpsps.length > 0 ? "supported" : "partially_supported";
  const rule = `12.8.1 list of TPSPs: supported when Sibyl's register lists the providers receiving payment data with their service category; ${plural(tpsps.length, "provider")} listed for ${plural(pciApps, "application")} declaring pci data`;
  const evidence = tpsps.map((e) => `${e.providerName} (${e.category}), used by ${names(e.dependentApplications, 3)}`);
  const gaps = ["No provider was observed receiving payment data although applications declare pci data: confirm the TPSPs with the application owners"];
  return control("12.8.1", TITLES["12.8.1"], status, rule, evidence.length ? evidence : ["No provider observed receiving payment data"], gaps);
}

function agreements(tpsps: RegisterEntry[]): ControlAssessment {
  return control(
    "12.8.2",
    TITLES["12.8.2"],
    "not_supported",
    `12.8.2 written agreements: not supported, as Sibyl holds no contract data; ${plural(tpsps.length, "TPSP")} would need one`,
    [`${tpsps.filter(hasValidAoc).length} of ${tpsps.length} TPSPs have an unexpired PCI DSS AoC recorded (an attestation, not an agreement)`],
    [NO_CONTRACT_GAP, "Written acknowledgements of TPSP responsibility for account data must be kept outside Sibyl"],
  );
}

function dueDiligence(tpsps: RegisterEntry[]): ControlAssessment {
  const thin = tpsps.filter((e) => !isGraded(e) || e.confidence === null || e.confidence < MIN_DUE_DILIGENCE_CONFIDENCE || e.assessedAt === null);
  const status = atMostPartial(coverageStatus(thin.length, tpsps.length));
  const rule = `12.8.3 due diligence: at most partially supported, as Sibyl cannot show the assessment preceded engagement; partially when every TPSP is assessed and graded with confidence of at least ${Math.round(MIN_DUE_DILIGENCE_CONFIDENCE * 100)} % ${CAPPED_COVERAGE_CLAUSE}; ${thin.length} of ${tpsps.length} are not`;
  const gaps = ["Sibyl cannot show due diligence happened before engagement: record the engagement process outside Sibyl"];
  if (thin.length) gaps.push(`Unassessed, ungraded or on thin evidence: ${names(thin.map((e) => e.providerName))}`);
  if (tpsps.length === 0) gaps.push("No TPSP observed to assess");
  return control("12.8.3", TITLES["12.8.3"], status, rule, [`${tpsps.length - thin.length} of ${tpsps.length} TPSPs graded on sufficient evidence`], gaps);
}

function monitoring(tpsps: RegisterEntry[], now: string): ControlAssessment {
  const failing = tpsps.filter((e) => {
    const age = assessmentAgeDays(e, now);
    return !hasValidAoc(e) || age === null || age > PCI_MONITORING_MAX_AGE_DAYS;
  });
  const rule = `12.8.4 annual monitoring: supported when every TPSP has an unexpired PCI DSS AoC recorded and was assessed within ${PCI_MONITORING_MAX_AGE_DAYS} days ${COVERAGE_CLAUSE}; ${failing.length} of ${tpsps.length} do not`;
  const gaps = tpsps.length === 0 ? ["No TPSP observed to monitor"] : [`No unexpired AoC or no assessment within ${PCI_MONITORING_MAX_AGE_DAYS} days: ${names(failing.map((e) => e.providerName))}`];
  return control("12.8.4", TITLES["12.8.4"], coverageStatus(failing.length, tpsps.length), rule, [`${tpsps.filter(hasValidAoc).length} of ${tpsps.length} TPSPs have an unexpired PCI DSS AoC`], gaps);
}

function matrix(tpsps: RegisterEntry[]): ControlAssessment {
  return control(
    "12.8.5",
    TITLES["12.8.5"],
    "not_supported",
    `12.8.5 responsibility matrix: not supported, as Sibyl holds no responsibility matrix; ${plural(tpsps.length, "TPSP")} would need one`,
    [],
    ["Sibyl holds no responsibility matrix: record which PCI DSS requirements each TPSP manages outside Sibyl"],
  );
}

export const pciDss4: Framework = {
  id: "pci-dss-4",
  name: NAME,
  shortName: "PCI DSS 4.0",
  assess(evidence: ReportEvidence): FrameworkAssessment {
    const pciApps = evidence.applications.filter((a) => a.dataClasses.includes(PCI_DATA_CLASS));
    const tpsps = evidence.register.filter((e) => e.sendsPaymentData);
    const scopeNote =
      "Covers requirement 12.8 for the providers that receive payment data from applications in scope (declared pci data or card numbers observed). Sibyl lists and monitors those providers; it holds no agreements or responsibility matrix, and sees only the providers reached through the observed APIs, not every TPSP that could affect account data.";
    if (pciApps.length === 0 && tpsps.length === 0) {
      const rule = (id: string) => `${id}: not applicable, as no application in scope declares pci data and no provider receives payment data`;
      return {
        framework: "pci-dss-4",
        name: NAME,
        scopeNote,
        controls: Object.keys(TITLES).map((id) => control(id, TITLES[id], "not_applicable", rule(id), [`${plural(evidence.applications.length, "application")} in scope, none with payment data`], [])),
      };
    }
    return {
      framework: "pci-dss-4",
      name: NAME,
      scopeNote,
      controls: [list(tpsps, pciApps.length), agreements(tpsps), dueDiligence(tpsps), monitoring(tpsps, evidence.generatedAt), matrix(tpsps)],
    };
  },
};
