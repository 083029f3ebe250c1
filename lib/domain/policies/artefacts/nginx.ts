// An nginx `map` from $host to $sibyl_quarantined (1 when the host is blocked).
// $host cannot tell applications apart: for one application its blocked hosts,
// otherwise every host blocked for any application, with the applications named.

import { readBlockedSet } from "./blocked-set";
import { isValidHost, sanitiseComment } from "./hosts";
import { scopeLabel } from "./istio";
import type { Artefact, EnforcementSet } from "./types";

export function nginxArtefact(set: EnforcementSet): Artefact {
  // Only validated host names reach the map (labels of [a-z0-9-], at least one dot, optional
  // leading "*."): no quote, brace, semicolon, blank, "~" (regex) or bare keyword can get in.
  const read = readBlockedSet(set, { validHostsOnly: true });
  const lines: string[] = [
    `# Sibyl egress quarantine map for nginx: ${scopeLabel(set.scope)}, generated ${sanitiseComment(set.generatedAt, 40)}.`,
    "# $sibyl_quarantined is 1 for a host that is quarantined or awaiting approval, 0 otherwise.",
    set.scope.kind === "application"
      ? "# Scope is one application: only the hosts blocked for it are listed."
      : "# nginx sees only $host, not the calling application: a host blocked for ANY application in scope is listed for all, with those applications named.",
    "# \"*.x.com\" matches any name ending in \".x.com\" (the hostnames parameter), not x.com itself.",
    "# Use it in the http block, then in the proxying server or location:",
    "#   if ($sibyl_quarantined) { return 403; }",
    `# Hosts skipped (not valid host names): ${read.skippedHosts}.`,
    "map $host $sibyl_quarantined {",
    "    hostnames;",
    "    default 0;",
  ];
  for (const blocked of read.blocked) {
    // Defence in depth: readBlockedSet already dropped invalid hosts.
    if (!isValidHost(blocked.host)) continue;
    for (const d of blocked.decisions) {
      const policy = d.policy === null ? "default action" : `policy ${sanitiseComment(d.policy, 80)}`;
      lines.push(`    # ${sanitiseComment(d.application, 80)}: ${d.decision} by ${policy}: ${sanitiseComment(d.reason)}`);
    }
    lines.push(`    ${blocked.host} 1;`);
  }
  lines.push("}");
  return { filename: "sibyl-egress-nginx.conf", contentType: "text/plain; charset=utf-8", body: `${lines.join("\n")}\n` };
}
