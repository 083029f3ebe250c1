// Framework ids and names for menus (the domain's FRAMEWORKS carry the assessment code; this is labels only).
import type { FrameworkId } from "@/lib/domain/reports/controls";

export const FRAMEWORK_OPTIONS: { id: FrameworkId; label: string }[] = [
  { id: "iso27001", label: "ISO/IEC 27001:2022 (Annex A suppliers)" },
  { id: "soc2", label: "SOC 2 (CC9.2 vendor risk)" },
  { id: "nist-csf-2", label: "NIST CSF 2.0 (GV.SC supply chain)" },
  { id: "pci-dss-4", label: "PCI DSS v4.0 (12.8 service providers)" },
  { id: "dora", label: "EU DORA register of information" },
  { id: "owasp-api-2023", label: "OWASP API Security Top 10 2023" },
];

export const FRAMEWORK_LABELS: Record<string, string> = Object.fromEntries(FRAMEWORK_OPTIONS.map((f) => [f.id, f.label]));

export interface ScopeOptions {
  teams: { slug: string; name: string }[];
  applications: { slug: string; name: string }[];
}
