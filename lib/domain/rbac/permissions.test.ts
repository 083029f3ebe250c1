import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, can, isRole } from "./permissions";

describe("rbac", () => {
  it("gives the admin every permission", () => {
    for (const p of PERMISSIONS) expect(can("admin", p)).toBe(true);
  });

  it("keeps admin settings and the audit log away from developers", () => {
    expect(can("developer", "users.manage")).toBe(false);
    expect(can("developer", "tokens.manage")).toBe(false);
    expect(can("developer", "audit.read")).toBe(false);
    expect(can("developer", "ingest.write")).toBe(true);
  });

  it("lets auditors read the audit log but change nothing", () => {
    expect(can("auditor", "audit.read")).toBe(true);
    const writes = ROLE_PERMISSIONS.auditor.filter((p) => !p.endsWith(".read"));
    expect(writes).toEqual([]);
  });

  it("refuses unknown roles and missing sessions", () => {
    expect(can(null, "overview.read")).toBe(false);
    expect(can(undefined, "overview.read")).toBe(false);
    expect(isRole("root")).toBe(false);
    expect(ROLES.every(isRole)).toBe(true);
  });

  it("only names known permissions", () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(p);
  });
});

describe("triage permissions", () => {
  it("lets SecOps triage but keeps SLA settings and webhooks with the admin", () => {
    expect(can("secops", "findings.triage")).toBe(true);
    expect(can("secops", "triage.configure")).toBe(false);
    expect(can("secops", "webhooks.manage")).toBe(false);
    expect(can("auditor", "findings.triage")).toBe(false);
    expect(can("admin", "webhooks.manage")).toBe(true);
  });
});
