// What a framework concludes from a report's evidence: one row per control,
// with its status and the rule that decided it written out in words.

import type { ReportEvidence } from "./evidence";

export const FRAMEWORK_IDS = ["owasp-api-2023", "iso27001", "soc2", "nist-csf-2", "pci-dss-4", "dora"] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

export type ControlStatus = "supported" | "partially_supported" | "not_supported" | "not_applicable";

export const CONTROL_STATUS_LABELS: Record<ControlStatus, string> = {
  supported: "Supported",
  partially_supported: "Partially supported",
  not_supported: "Not supported",
  not_applicable: "Not applicable",
};

export interface ControlAssessment {
  /** As the framework writes it: "A.5.19", "CC9.2", "GV.SC-07", "12.8.4", "API9:2023", "B_05.01". */
  id: string;
  title: string;
  status: ControlStatus;
  /** The rule that decided the status, with the figures: "supported when every provider in use was assessed within 30 days; 3 of 41 were not". */
  rule: string;
  /** What in the evidence speaks for the control (short sentences with figures). */
  evidence: string[];
  /** What is missing or contradicts the control (each a short sentence; empty when supported). */
  gaps: string[];
}

export interface FrameworkAssessment {
  framework: FrameworkId;
  /** "ISO/IEC 27001:2022 Annex A". */
  name: string;
  /** One paragraph on what the report covers of the framework and what it cannot. */
  scopeNote: string;
  controls: ControlAssessment[];
}

export interface Framework {
  id: FrameworkId;
  name: string;
  /** Short label for menus: "ISO 27001". */
  shortName: string;
  assess(evidence: ReportEvidence): FrameworkAssessment;
}
