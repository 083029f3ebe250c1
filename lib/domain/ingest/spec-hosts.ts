// Host names an API is served on, read from its spec (OAS3 `servers[].url`,
// Swagger 2 `host`). Requests to these hosts in traffic are inbound calls to
// the application that owns the spec. Server variables take their defaults.

function substituteVariables(url: string, variables: unknown): string {
  if (!variables || typeof variables !== "object") return url;
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = (variables as Record<string, { default?: unknown }>)[name];
    return typeof v?.default === "string" ? v.default : whole;
  });
}

export function specHosts(document: unknown): string[] {
  if (!document || typeof document !== "object") return [];
  const doc = document as Record<string, unknown>;
  const hosts = new Set<string>();
  if (typeof doc.host === "string") {
    const host = doc.host.split(":")[0]?.toLowerCase();
    if (host) hosts.add(host);
  }
  if (Array.isArray(doc.servers)) {
    for (const server of doc.servers) {
      if (!server || typeof server !== "object" || typeof (server as { url?: unknown }).url !== "string") continue;
      const url = substituteVariables((server as { url: string }).url, (server as { variables?: unknown }).variables);
      try {
        const parsed = new URL(url);
        if ((parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname && !parsed.hostname.includes("{")) hosts.add(parsed.hostname.toLowerCase());
      } catch {
        /* relative server URL: no host */
      }
    }
  }
  return [...hosts].sort();
}
