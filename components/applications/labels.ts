export const DATA_CLASS_LABELS: Record<string, string> = {
  internal: "Internal",
  pii: "PII",
  pci: "PCI (payment)",
  phi: "PHI (health)",
  credentials: "Credentials",
};
