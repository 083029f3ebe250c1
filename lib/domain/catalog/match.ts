// Decides which catalogued third-party API provider an observation belongs to:
// an HTTP host (exact host first, then the longest matching "*." suffix) or an
// SBOM component given as a Package URL (npm, PyPI, Maven, Go, NuGet, RubyGems).
import catalog from "./provider-catalog.json";
import {
  normalizePackageName,
  providerCatalogSchema,
  type CatalogProvider,
  type SdkEcosystem,
} from "../../validation/provider-catalog";

export type HostMatch = { providerId: string; pattern: string };
export type ParsedPurl = { type: string; namespace?: string; name: string; version?: string };
export type SdkMatch = { providerId: string; ecosystem: SdkEcosystem; packageName: string };

/**
 * Lowercases a host, strips a `:port` and a trailing dot. Returns null for
 * anything that is not a plain DNS name or IPv4 address (IPv6 literals, URLs,
 * paths, empty strings), so such inputs never match a provider.
 */
export function normalizeHost(input: string): string | null {
  let host = input.trim().toLowerCase();
  if (host.length === 0 || host.startsWith("[")) return null; // bracketed IPv6 literal
  const colon = host.indexOf(":");
  if (colon !== -1) {
    if (host.indexOf(":", colon + 1) !== -1) return null; // bare IPv6
    if (!/^\d{1,5}$/.test(host.slice(colon + 1))) return null;
    host = host.slice(0, colon);
  }
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host.length === 0 || host.length > 253) return null;
  if (!/^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(host)) return null;
  return host;
}

/**
 * Builds a host -> provider matcher. Exact patterns live in one Map, wildcard
 * suffixes (`*.example.com` stored as `example.com`) in another; a lookup is
 * one exact probe plus one probe per dot-suffix of the host, longest first, so
 * it costs O(labels) regardless of catalog size. A wildcard matches any depth
 * of subdomain but never the bare domain.
 *
 * Throws if two providers claim the identical pattern (the catalog schema
 * rejects that too), because such a host would be ambiguous.
 */
export function buildHostMatcher(providers: CatalogProvider[]): (host: string) => HostMatch | null {
  const exact = new Map<string, string>();
  const wildcard = new Map<string, string>();

  for (const provider of providers) {
    for (const pattern of provider.hostPatterns) {
      const isWildcard = pattern.startsWith("*.");
      const key = isWildcard ? pattern.slice(2) : pattern;
      const table = isWildcard ? wildcard : exact;
      const owner = table.get(key);
      if (owner !== undefined && owner !== provider.id) {
        throw new Error(`host pattern "${pattern}" is claimed by both "${owner}" and "${provider.id}"`);
      }
      table.set(key, provider.id);
    }
  }

  return (input: string): HostMatch | null => {
    const host = normalizeHost(input);
    if (host === null) return null;

    const exactOwner = exact.get(host);
    if (exactOwner !== undefined) return { providerId: exactOwner, pattern: host };

    for (let dot = host.indexOf("."); dot !== -1; dot = host.indexOf(".", dot + 1)) {
      const suffix = host.slice(dot + 1);
      const owner = wildcard.get(suffix);
      if (owner !== undefined) return { providerId: owner, pattern: `*.${suffix}` };
    }
    return null;
  };
}

function decode(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}

/**
 * Parses a Package URL (https://github.com/package-url/purl-spec):
 * `pkg:type/namespace/name@version?qualifiers#subpath`. Qualifiers and subpath
 * are dropped; the type is lowercased; namespace segments, name and version
 * are percent-decoded. Applies the spec's PyPI rule (name lowercased, `_`
 * becomes `-`). Returns null for anything that is not a well-formed purl.
 */
export function parsePurl(purl: string): ParsedPurl | null {
  if (typeof purl !== "string") return null;
  let rest = purl.trim();
  if (!/^pkg:/i.test(rest)) return null;
  rest = rest.slice(4).replace(/^\/+/, ""); // "pkg://type/..." is tolerated per spec

  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf("?");
  if (question !== -1) rest = rest.slice(0, question);

  // The version separator is the last "@" after the last "/", so a literal
  // (unencoded) npm scope such as "@sendgrid/mail" is not mistaken for one.
  let version: string | undefined;
  const at = rest.lastIndexOf("@");
  if (at !== -1 && at > rest.lastIndexOf("/")) {
    const decoded = decode(rest.slice(at + 1));
    if (decoded === null) return null;
    version = decoded.length > 0 ? decoded : undefined;
    rest = rest.slice(0, at);
  }

  const segments = rest.split("/").filter((s) => s.length > 0);
  if (segments.length < 2) return null;
  const type = segments[0].toLowerCase();
  if (!/^[a-z.+-][a-z0-9.+-]*$/.test(type)) return null;

  const decodedSegments: string[] = [];
  for (const raw of segments.slice(1)) {
    const seg = decode(raw);
    if (seg === null || seg.length === 0 || seg.includes("/")) return null;
    decodedSegments.push(seg);
  }
  let name = decodedSegments.pop() as string;
  if (type === "pypi") name = name.toLowerCase().replace(/_/g, "-");
  if (name === "." || name === "..") return null;

  const result: ParsedPurl = { type, name };
  if (decodedSegments.length > 0) result.namespace = decodedSegments.join("/");
  if (version !== undefined) result.version = version;
  return result;
}

const PURL_TYPE_TO_ECOSYSTEM: Record<string, SdkEcosystem> = {
  npm: "npm",
  pypi: "pypi",
  maven: "maven",
  golang: "go",
  nuget: "nuget",
  gem: "rubygems",
};

/** The package identifier a purl denotes, spelled the way the catalog spells it. */
function purlPackageName(ecosystem: SdkEcosystem, parsed: ParsedPurl): string | null {
  const { namespace, name } = parsed;
  switch (ecosystem) {
    case "npm":
      if (!namespace) return name;
      return `${namespace.startsWith("@") ? namespace : `@${namespace}`}/${name}`;
    case "maven":
      return namespace ? `${namespace}:${name}` : null;
    case "go":
      return namespace ? `${namespace}/${name}` : name;
    default:
      // pypi, nuget and gem purls carry no namespace
      return name;
  }
}

/**
 * Builds a purl -> provider matcher over the catalog's SDK package lists.
 * Go matches the module path itself or any path it is a "/"-prefix of, the
 * longest listed module winning, so `github.com/stripe/stripe-go/v76` and
 * package paths inside a module resolve to `github.com/stripe/stripe-go`.
 * `packageName` in the result is the catalog's spelling of the package.
 */
export function buildSdkMatcher(providers: CatalogProvider[]): (purl: string) => SdkMatch | null {
  const index = new Map<string, { providerId: string; packageName: string }>();
  for (const provider of providers) {
    if (!provider.sdks) continue;
    for (const [ecosystem, packages] of Object.entries(provider.sdks) as [SdkEcosystem, string[] | undefined][]) {
      for (const pkg of packages ?? []) {
        const key = `${ecosystem}\u0000${normalizePackageName(ecosystem, pkg)}`;
        const owner = index.get(key);
        if (owner && owner.providerId !== provider.id) {
          throw new Error(`${ecosystem} package "${pkg}" is claimed by both "${owner.providerId}" and "${provider.id}"`);
        }
        index.set(key, { providerId: provider.id, packageName: pkg });
      }
    }
  }

  return (purl: string): SdkMatch | null => {
    const parsed = parsePurl(purl);
    if (!parsed) return null;
    const ecosystem = PURL_TYPE_TO_ECOSYSTEM[parsed.type];
    if (!ecosystem) return null;
    const fullName = purlPackageName(ecosystem, parsed);
    if (!fullName) return null;

    const normalized = normalizePackageName(ecosystem, fullName);
    const candidates = [normalized];
    if (ecosystem === "go") {
      for (let slash = normalized.lastIndexOf("/"); slash > 0; slash = normalized.lastIndexOf("/", slash - 1)) {
        candidates.push(normalized.slice(0, slash));
      }
    }
    for (const candidate of candidates) {
      const hit = index.get(`${ecosystem}\u0000${candidate}`);
      if (hit) return { providerId: hit.providerId, ecosystem, packageName: hit.packageName };
    }
    return null;
  };
}

let cachedCatalog: CatalogProvider[] | null = null;

/** The shipped catalog, validated once per process. Throws if the JSON is invalid. */
export function loadProviderCatalog(): CatalogProvider[] {
  if (cachedCatalog === null) cachedCatalog = providerCatalogSchema.parse(catalog);
  return cachedCatalog;
}
