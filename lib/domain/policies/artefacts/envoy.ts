// An Envoy RBAC HTTP filter (envoy.filters.http.rbac, action DENY) that refuses
// requests whose :authority is a blocked host: one policy for hosts blocked for
// every application in scope, one per application for the rest.

import { readBlockedSet } from "./blocked-set";
import { isWildcardHost, sanitiseComment } from "./hosts";
import { scopeLabel, yamlDocument } from "./istio";
import type { Artefact, EnforcementSet } from "./types";

/** The request header that names the calling application; Sibyl assumes the caller's proxy or sidecar sets it (and strips a client's own). */
export const APP_HEADER = "x-sibyl-app";

/** `*.x.com` matches any name ending in `.x.com` (not x.com itself), as Istio and nginx read it. */
export function authorityPermission(host: string): unknown {
  const match = isWildcardHost(host) ? { suffix: host.slice(1), ignore_case: true } : { exact: host, ignore_case: true };
  return { header: { name: ":authority", string_match: match } };
}

export function envoyArtefact(set: EnforcementSet): Artefact {
  const read = readBlockedSet(set, { validHostsOnly: true });
  const policies = Object.create(null) as Record<string, unknown>;
  const everywhere = read.blocked.filter((b) => b.everywhere).map((b) => b.host);
  if (everywhere.length > 0) {
    policies["sibyl-all-applications"] = { permissions: everywhere.map(authorityPermission), principals: [{ any: true }] };
  }
  for (const { application, hosts } of read.perApplication) {
    // Keys are data: the serialiser quotes them, and the "app:" prefix keeps them apart from the global policy's key.
    policies[`app:${application}`] = {
      permissions: hosts.map(authorityPermission),
      principals: [{ header: { name: APP_HEADER, string_match: { exact: application } } }],
    };
  }

  const filter = {
    name: "envoy.filters.http.rbac",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC",
      // DENY with no policies denies nothing.
      rules: { action: "DENY", policies },
    },
  };
  const header = [
    `Sibyl egress enforcement, Envoy RBAC HTTP filter: ${scopeLabel(set.scope)}, generated ${sanitiseComment(set.generatedAt, 40)}.`,
    "Add it to the http_filters of the HTTP connection manager that carries outbound traffic, before envoy.filters.http.router.",
    "It compares :authority without a port: set strip_any_host_port: true on the connection manager.",
    `Per-application policies match the ${APP_HEADER} request header, which must hold the calling application's slug`,
    "and be set by the platform (a client must not be able to choose it); policy sibyl-all-applications matches any caller.",
    `Hosts skipped (not valid host names): ${read.skippedHosts}.`,
  ];
  const body = `${header.map((line) => `# ${line}`).join("\n")}\n${yamlDocument(filter)}`;
  return { filename: "sibyl-egress-envoy-rbac.yaml", contentType: "application/yaml", body };
}
