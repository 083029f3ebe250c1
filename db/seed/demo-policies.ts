// The demo's connectivity policies: what a SecOps team would switch on first.
// Applied through the same code path as `sibyl policy apply`, so they are audited.
import type { Db } from "@/db/client";
import type { PolicyDefinitionInput } from "@/lib/domain/policies/schema";
import type { Actor } from "@/lib/server/actor";
import { applyPolicyFile } from "@/lib/server/policies/store";

export const DEMO_POLICIES: PolicyDefinitionInput[] = [
  {
    name: "Require approval for unknown hosts from tier-1 applications",
    description: "A mission-critical application calling a host that is no catalogued provider needs SecOps's approval first.",
    priority: 10,
    mode: "enforce",
    action: "require_approval",
    conditions: { all: [{ field: "dependency.target", op: "eq", value: "unclassified" }, { field: "application.criticality", op: "eq", value: 1 }] },
  },
  {
    name: "Alert on weak providers receiving personal or payment data",
    description: "Grade D or worse while the dependency sends PII, card or health data.",
    priority: 50,
    mode: "enforce",
    action: "alert",
    conditions: { all: [{ field: "provider.grade", op: "lte", value: "D" }, { field: "dependency.dataClasses", op: "in", value: ["pii", "pci", "phi"] }] },
  },
  {
    name: "Watch SDKs with known exploited vulnerabilities",
    description: "Monitor mode: records which dependencies a KEV-listed SDK vulnerability would quarantine.",
    priority: 20,
    mode: "monitor",
    action: "quarantine",
    conditions: { all: [{ field: "provider.kevInSdk", op: "eq", value: true }] },
  },
];

export async function seedDemoPolicies(db: Db, actor: Actor, now: Date): Promise<void> {
  await applyPolicyFile(db, actor, { policies: DEMO_POLICIES }, now);
}
