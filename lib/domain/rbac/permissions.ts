// Who may do what. This table is the single source of truth for authorisation:
// pages, route handlers, server actions and the navigation all ask can().
// Roles follow the people in DEVELOPERS.md: admin runs the install, the CISO
// reads and reports, SecOps triages and curates, developers ingest and read,
// auditors read evidence and the audit log but change nothing.

export const ROLES = ["admin", "ciso", "secops", "developer", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "overview.read",
  "applications.read",
  "applications.write",
  "providers.read",
  "providers.write",
  "inventory.read",
  "inventory.curate",
  "ingest.write",
  "sources.manage",
  "findings.read",
  "findings.triage",
  "triage.configure",
  "webhooks.manage",
  "policies.read",
  "policies.write",
  "policies.configure",
  "reports.read",
  "reports.generate",
  "scoring.write",
  "users.manage",
  "tokens.manage",
  "audit.read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = [
  "overview.read",
  "applications.read",
  "providers.read",
  "inventory.read",
  "findings.read",
  "policies.read",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [...PERMISSIONS],
  ciso: [...READ_ALL, "reports.read", "reports.generate"],
  secops: [
    ...READ_ALL,
    "applications.write",
    "providers.write",
    "inventory.curate",
    "ingest.write",
    "findings.triage",
    "policies.write",
    "reports.read",
    "reports.generate",
  ],
  developer: [...READ_ALL, "ingest.write"],
  auditor: [...READ_ALL, "reports.read", "audit.read"],
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  ciso: "CISO",
  secops: "SecOps analyst",
  developer: "Developer",
  auditor: "Auditor",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything, including users, API tokens, scoring model and the audit log.",
  ciso: "Reads every risk view and generates compliance reports.",
  secops: "Triages findings, curates applications and providers, ingests data, writes policies.",
  developer: "Reads risk views and ingests specs, traffic and SBOMs (for CI).",
  auditor: "Reads everything including the audit log and reports; changes nothing.",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}
