// Plain-text formatting shared by the sections. Everything from ingested data is rendered as text,
// never interpreted: a name such as "<script>" or "=HYPERLINK(...)" appears literally.
export const fmtDate = (value: string | null | undefined): string => (value ? value.slice(0, 10) : "—");
export const fmtNum = (value: number | null | undefined, digits = 0): string =>
  value == null ? "—" : value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const fmtPct = (value: number | null | undefined): string => (value == null ? "—" : `${Math.round(value * 100)} %`);
export const humanize = (value: string): string => value.replace(/_/g, " ");
export const ATTESTATION_LABELS: Record<string, string> = { soc2_type2: "SOC 2 Type II", iso27001: "ISO 27001", pci_dss_aoc: "PCI DSS AoC" };
