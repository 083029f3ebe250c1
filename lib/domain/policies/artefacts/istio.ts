// Istio egress artefacts: a ServiceEntry per host some application in scope may
// still call (the allowlist under REGISTRY_ONLY) and a DENY AuthorizationPolicy on
// the egress gateway for the blocked hosts, per application where the block is.

import { Document } from "yaml";
import { readBlockedSet } from "./blocked-set";
import { isDns1123Label, isDns1123Subdomain, isWildcardHost, kubernetesName, sanitiseComment } from "./hosts";
import type { Artefact, ArtefactOptions, EnforcementScope, EnforcementSet } from "./types";

const MANAGED = { "app.kubernetes.io/managed-by": "sibyl" };

export function resolvedNamespaces(options: ArtefactOptions): { namespace: string; appNamespace: string } {
  const namespace = options.namespace ?? "istio-system";
  const appNamespace = options.appNamespace ?? "default";
  for (const [field, value] of [["namespace", namespace], ["appNamespace", appNamespace]] as const) {
    if (!isDns1123Label(value)) throw new Error(`${field} must be a Kubernetes namespace name (DNS-1123 label), got ${JSON.stringify(value)}`);
  }
  return { namespace, appNamespace };
}

/** The AuthorizationPolicy's name: one per scope, so artefacts of different scopes do not overwrite each other. */
export function denyPolicyName(scope: EnforcementScope): string {
  if (scope.kind === "all") return "sibyl-egress-deny";
  return kubernetesName(`sibyl-egress-deny-${scope.kind === "application" ? "app" : "provider"}`, scope.slug);
}

export function scopeLabel(scope: EnforcementScope): string {
  return scope.kind === "all" ? "all applications" : `${scope.kind} ${sanitiseComment(scope.slug, 80)}`;
}

export function yamlDocument(value: unknown): string {
  // Every string value double-quoted: no YAML 1.1 reader (Kubernetes' included) can take a slug like "on" for a boolean.
  return new Document(value).toString({ lineWidth: 0, defaultStringType: "QUOTE_DOUBLE", defaultKeyType: "PLAIN" });
}

export function istioArtefact(set: EnforcementSet, options: ArtefactOptions = {}): Artefact {
  const { namespace, appNamespace } = resolvedNamespaces(options);
  const read = readBlockedSet(set, { validHostsOnly: true });

  const serviceEntries = read.allowedHosts.map((host) => ({
    apiVersion: "networking.istio.io/v1",
    kind: "ServiceEntry",
    metadata: { name: kubernetesName("sibyl-egress", host), labels: MANAGED },
    spec: {
      hosts: [host],
      location: "MESH_EXTERNAL",
      ports: [{ number: 443, name: "tls", protocol: "TLS" }],
      // A wildcard has no single name to look up: Istio resolves it with NONE (the client's own address).
      resolution: isWildcardHost(host) ? "NONE" : "DNS",
    },
  }));

  let skippedApplications = 0;
  const rules: unknown[] = [];
  const everywhere = read.blocked.filter((b) => b.everywhere).map((b) => b.host);
  if (everywhere.length > 0) rules.push({ to: [{ operation: { hosts: everywhere } }] });
  for (const { application, hosts } of read.perApplication) {
    // The slug becomes part of a SPIFFE path: anything but a service account name could change its meaning.
    if (!isDns1123Subdomain(application)) {
      skippedApplications += 1;
      continue;
    }
    rules.push({
      from: [{ source: { principals: [`cluster.local/ns/${appNamespace}/sa/${application}`] } }],
      to: [{ operation: { hosts } }],
    });
  }

  const authorizationPolicy = {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: { name: denyPolicyName(set.scope), namespace, labels: MANAGED },
    spec: {
      selector: { matchLabels: { istio: "egressgateway" } },
      action: "DENY",
      // No rules: the policy matches nothing (nothing is blocked), and applying it clears an older deny list.
      ...(rules.length > 0 ? { rules } : {}),
    },
  };

  const header = [
    `Sibyl egress enforcement for Istio: ${scopeLabel(set.scope)}, generated ${sanitiseComment(set.generatedAt, 40)}.`,
    "The ServiceEntries are the allowlist only when the mesh sets",
    "  meshConfig.outboundTrafficPolicy.mode: REGISTRY_ONLY",
    "(with ALLOW_ANY, hosts not listed here are still reachable).",
    "A host is listed when at least one application in scope may call it (allow or alert).",
    "A host blocked for every application that uses it has no ServiceEntry.",
    "The AuthorizationPolicy denies blocked hosts at the egress gateway (selector istio: egressgateway);",
    "it sees only traffic routed through the gateway (Gateway + VirtualService), with mTLS from the",
    "sidecars for source principals, and operation.hosts matches HTTP Host (TLS originated at the gateway).",
    `Principals assume each application's service account is named after its slug in namespace ${appNamespace}.`,
    `Hosts skipped (not valid host names): ${read.skippedHosts}. Applications skipped (slug not a service account name): ${skippedApplications}.`,
  ];
  const body = [
    header.map((line) => `# ${line}`).join("\n"),
    "\n",
    [...serviceEntries, authorizationPolicy].map((doc) => `---\n${yamlDocument(doc)}`).join(""),
  ].join("");
  return { filename: "sibyl-egress-istio.yaml", contentType: "application/yaml", body };
}
