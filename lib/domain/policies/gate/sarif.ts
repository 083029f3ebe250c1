// The gate as SARIF 2.1.0 for code-scanning UIs: one rule per policy that flagged a
// dependency (plus sibyl/default for the default action), one result per dependency not
// plainly allowed, and dependencies allowed by an exception as suppressed results.
import { createHash } from "node:crypto";
import { ACTION_LABELS, ACTION_SEVERITY, type Decision, type PolicyAction } from "../types";
import { compareStrings, gateExitCode, isAllowedByException, orderItems, policyName } from "./result";
import type { GateItem, GateResult } from "./types";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const DEFAULT_RULE_ID = "sibyl/default";

export interface SarifOptions {
  /** Sibyl's version (tool.driver.semanticVersion). */
  toolVersion: string;
  /** Where people read about the tool: the Sibyl instance's URL, say. */
  informationUri: string;
  /** The file to point at when a dependency came from no input file (inventory, --hosts). Default catalog-info.yaml. */
  manifestUri?: string;
}

type SarifLevel = "error" | "warning" | "note";

/** What a code-scanning UI shows: blocked dependencies as errors, alerts as warnings. */
export function sarifLevel(action: PolicyAction): SarifLevel {
  return action === "quarantine" || action === "require_approval" ? "error" : action === "alert" ? "warning" : "note";
}

// GitHub code scanning ranks security alerts by this (0–10); the steps follow its critical/high/medium/low bands.
const SECURITY_SEVERITY: Record<PolicyAction, string> = { quarantine: "9.0", require_approval: "7.0", alert: "4.0", allow: "0.0" };

const HELP: Record<PolicyAction, string> = {
  quarantine: "Sibyl quarantines this application's traffic to the dependencies this policy matches. Remove the dependency, move to a provider the policy allows, or ask a policy administrator for a time-limited exception.",
  require_approval: "Traffic to the dependencies this policy matches needs an approval first. Ask a policy administrator to approve this application's dependency, or remove it.",
  alert: "Sibyl raises an alert for the dependencies this policy matches; the traffic still flows. Review whether the dependency is still wanted.",
  allow: "The policy allows the dependencies it matches.",
};

/** The action whose rule and level a result carries: for an exception, the one it overrode. */
function flaggedAction(d: Decision): PolicyAction {
  return isAllowedByException(d) ? (d.overridden ?? d.decision) : d.decision;
}

/** Items that get a result: every non-allow one, and allow ones only an exception let through. */
function flagged(item: GateItem): boolean {
  return item.decision.decision !== "allow" || isAllowedByException(item.decision);
}

export function formatSarif(result: GateResult, options: SarifOptions): string {
  return JSON.stringify(sarifLog(result, options), null, 2) + "\n";
}

export function sarifLog(result: GateResult, options: SarifOptions) {
  const items = orderItems(result.items).filter(flagged);
  const ruleIds = policyRuleIds(items.flatMap((i) => (i.decision.policy ? [i.decision.policy.name] : [])));
  const rules = [defaultRule(items), ...policyRules(items, ruleIds)];
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const manifestUri = options.manifestUri ?? "catalog-info.yaml";
  const exitCode = gateExitCode(result);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0" as const,
    runs: [
      {
        tool: { driver: { name: "Sibyl", informationUri: options.informationUri, semanticVersion: options.toolVersion, rules } },
        // One category per application, so each application's gate keeps its own alerts.
        automationDetails: { id: `sibyl-gate/${result.application}/` },
        invocations: [
          {
            executionSuccessful: exitCode !== 1,
            endTimeUtc: result.evaluatedAt,
            toolExecutionNotifications: (result.inputErrors ?? []).map((e) => ({
              level: "error" as const,
              message: { text: `${e.file}${e.location ? ` (${e.location})` : ""}: ${e.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.file) } }],
            })),
          },
        ],
        results: items.map((item) => {
          const d = item.decision;
          const ruleId = d.policy ? (ruleIds.get(d.policy.name) ?? DEFAULT_RULE_ID) : DEFAULT_RULE_ID;
          const region = item.location?.line && item.location.line >= 1 ? { region: { startLine: Math.floor(item.location.line) } } : {};
          return {
            ruleId,
            ruleIndex: ruleIndex.get(ruleId) ?? 0,
            level: sarifLevel(flaggedAction(d)),
            message: { text: resultMessage(item) },
            locations: [{ physicalLocation: { artifactLocation: artifactLocation(item.location?.file ?? manifestUri), ...region } }],
            partialFingerprints: { "sibylGateDependency/v1": fingerprint(result.application, item, d) },
            ...(d.exception ? { suppressions: [{ kind: "external" as const, status: "accepted" as const, justification: `Exception ${d.exception.id} for ${d.exception.owner} until ${d.exception.expiresAt}: ${d.exception.justification}` }] } : {}),
            properties: {
              decision: d.decision,
              mode: d.mode,
              policy: d.policy?.name ?? null,
              overridden: d.overridden,
              exception: d.exception ? { id: d.exception.id, owner: d.exception.owner, justification: d.exception.justification, expiresAt: d.exception.expiresAt } : null,
              origin: item.origin,
              provider: item.provider,
              host: item.host,
              evidence: item.evidence,
            },
          };
        }),
        properties: { application: result.application, evaluatedAt: result.evaluatedAt, exitCode },
      },
    ],
  };
}

function resultMessage(item: GateItem): string {
  const d = item.decision;
  const who = item.host && item.host !== item.target ? `${item.target} (${item.host})` : item.target;
  const by = d.policy ? `policy "${d.policy.name}"` : "the default action (no policy matched)";
  const from = `found in ${item.origin}${item.evidence ? ` as ${item.evidence}` : ""}`;
  if (isAllowedByException(d) && d.exception) {
    const would = d.overridden ? ACTION_LABELS[d.overridden].toLowerCase() : "flag it";
    return `${who} is allowed by exception ${d.exception.id} for ${d.exception.owner} until ${d.exception.expiresAt} (${d.exception.justification}); without it, ${by} would decide: ${would}. ${d.reason} (${from}).`;
  }
  return `${ACTION_LABELS[d.decision]}: ${who} is decided by ${by}. ${d.reason} (${from}).`;
}

/** Stable across runs and input files: the application, the dependency's identity and the deciding policy. */
function fingerprint(application: string, item: GateItem, d: Decision): string {
  const dependency = item.provider ? `provider:${item.provider}` : item.host ? `host:${item.host}` : `target:${item.target}`;
  return createHash("sha256").update([application, dependency, policyName(d)].join("\u0000")).digest("hex");
}

/** A URI reference for an input path: relative paths against the checkout (%SRCROOT%), absolute ones as file URIs. */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(file)) return { uri: encodeURI(decodeURIComponentSafe(file)) };
  const path = file.replace(/\\/g, "/");
  const encoded = path.split("/").map((seg) => (/^[a-zA-Z]:$/.test(seg) ? seg : encodeURIComponent(seg))).join("/");
  if (/^[a-zA-Z]:\//.test(path)) return { uri: `file:///${encoded}` };
  if (path.startsWith("/")) return { uri: `file://${encoded}` };
  return { uri: encoded.replace(/^(\.\/)+/, ""), uriBaseId: "%SRCROOT%" };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/** `sibyl/policy/<slug>` per policy name; names that slug alike get a hash of the name so each keeps its own rule. */
export function policyRuleIds(names: readonly string[]): Map<string, string> {
  const unique = [...new Set(names)].sort(compareStrings);
  const bySlug = new Map<string, string[]>();
  for (const name of unique) bySlug.set(slugify(name), [...(bySlug.get(slugify(name)) ?? []), name]);
  const out = new Map<string, string>();
  for (const [slug, group] of bySlug) {
    for (const name of group) out.set(name, `sibyl/policy/${group.length > 1 ? `${slug}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}` : slug}`);
  }
  return out;
}

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug || "policy";
}

function policyRules(items: readonly GateItem[], ruleIds: Map<string, string>) {
  const byName = new Map<string, NonNullable<Decision["policy"]>>();
  for (const item of items) {
    const p = item.decision.policy;
    if (p && !byName.has(p.name)) byName.set(p.name, p);
  }
  return [...byName.values()]
    .map((p) => {
      const label = ACTION_LABELS[p.action].toLowerCase();
      return {
        id: ruleIds.get(p.name) ?? `sibyl/policy/${slugify(p.name)}`,
        name: p.name,
        shortDescription: { text: `Connectivity policy "${p.name}": ${label}` },
        fullDescription: { text: `The connectivity policy "${p.name}" (priority ${p.priority}, ${p.mode}) decides ${label} for an application's dependencies on the providers and hosts its conditions match.` },
        help: { text: HELP[p.action] },
        defaultConfiguration: { level: sarifLevel(p.action) },
        properties: { tags: ["sibyl", "connectivity-policy", p.action], "security-severity": SECURITY_SEVERITY[p.action], action: p.action, priority: p.priority },
      };
    })
    .sort((a, b) => compareStrings(a.id, b.id));
}

/** The rule for dependencies no policy matched; its level is the most severe default decision seen, if any. */
function defaultRule(items: readonly GateItem[]) {
  const actions = items.filter((i) => !i.decision.policy).map((i) => flaggedAction(i.decision));
  const worst = actions.sort((a, b) => ACTION_SEVERITY[b] - ACTION_SEVERITY[a])[0];
  return {
    id: DEFAULT_RULE_ID,
    name: "Default action",
    shortDescription: { text: "No connectivity policy matched: the default action applies" },
    fullDescription: { text: "No enabled connectivity policy matched this dependency, so the organisation's default action decided it." },
    help: { text: "Write a policy that covers this provider or host, or change the default action in Sibyl's policy settings." },
    ...(worst ? { defaultConfiguration: { level: sarifLevel(worst) } } : {}),
    properties: { tags: ["sibyl", "connectivity-policy", "default-action"], ...(worst ? { "security-severity": SECURITY_SEVERITY[worst] } : {}) },
  };
}
