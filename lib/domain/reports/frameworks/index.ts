// The framework mappings: one Framework per FrameworkId, each a pure function
// of a report's evidence.

import type { Framework, FrameworkAssessment, FrameworkId } from "../controls";
import type { ReportEvidence } from "../evidence";
import { dora } from "./dora";
import { iso27001 } from "./iso27001";
import { nistCsf2 } from "./nist-csf-2";
import { owaspApi2023 } from "./owasp-api-2023";
import { pciDss4 } from "./pci-dss-4";
import { soc2 } from "./soc2";

export const FRAMEWORKS: Record<FrameworkId, Framework> = {
  "owasp-api-2023": owaspApi2023,
  iso27001,
  soc2,
  "nist-csf-2": nistCsf2,
  "pci-dss-4": pciDss4,
  dora,
};

export function assessFramework(id: FrameworkId, evidence: ReportEvidence): FrameworkAssessment {
  return FRAMEWORKS[id].assess(evidence);
}
