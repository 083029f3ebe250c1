import type { Permission } from "@/lib/domain/rbac/permissions";

export interface NavItem {
  href: string;
  label: string;
  icon: "overview" | "applications" | "providers" | "dependencies" | "inventory" | "findings" | "policies" | "ingest" | "reports" | "settings" | "audit";
  /** The item shows when the role has any of these. */
  anyOf: Permission[];
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/overview", label: "Overview", icon: "overview", anyOf: ["overview.read"] },
  { href: "/applications", label: "Applications", icon: "applications", anyOf: ["applications.read"] },
  { href: "/providers", label: "Providers", icon: "providers", anyOf: ["providers.read"] },
  { href: "/dependencies", label: "Dependencies", icon: "dependencies", anyOf: ["applications.read"] },
  { href: "/inventory", label: "Inventory", icon: "inventory", anyOf: ["inventory.read"] },
  { href: "/findings", label: "Findings", icon: "findings", anyOf: ["findings.read"] },
  { href: "/policies", label: "Policies", icon: "policies", anyOf: ["policies.read"] },
  { href: "/ingest", label: "Ingest", icon: "ingest", anyOf: ["ingest.write"] },
  { href: "/reports", label: "Reports", icon: "reports", anyOf: ["reports.read"] },
  { href: "/settings", label: "Settings", icon: "settings", anyOf: ["users.manage", "tokens.manage", "sources.manage"] },
  { href: "/audit", label: "Audit log", icon: "audit", anyOf: ["audit.read"] },
];
