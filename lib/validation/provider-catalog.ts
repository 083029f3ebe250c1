import { z } from "zod";

/**
 * Schemas for the shipped third-party API provider catalog
 * (lib/domain/catalog/provider-catalog.json).
 */

export const PROVIDER_CATEGORIES = [
  "payments",
  "finance",
  "messaging",
  "realtime",
  "email",
  "identity",
  "crm",
  "analytics",
  "observability",
  "ai",
  "maps",
  "cloud-storage",
  "cloud",
  "database",
  "data",
  "devtools",
  "ecommerce",
  "search",
  "cms",
  "media",
  "communication",
  "productivity",
  "security",
  "marketing",
  "support",
  "hr",
  "shipping",
  "social",
] as const;

export const providerCategorySchema = z.enum(PROVIDER_CATEGORIES);

export const SDK_ECOSYSTEMS = ["npm", "pypi", "maven", "go", "nuget", "rubygems"] as const;
export type SdkEcosystem = (typeof SDK_ECOSYSTEMS)[number];

/**
 * Key under which a package is compared, so that spellings which the
 * ecosystem treats as the same package collide: PyPI names are normalised per
 * PEP 503 (runs of `-`, `_`, `.` become `-`); every ecosystem compares
 * case-insensitively (npm and PyPI are lowercase, NuGet ignores case, and the
 * Go module paths here are hosted on case-insensitive forges).
 */
export function normalizePackageName(ecosystem: SdkEcosystem, name: string): string {
  const lower = name.trim().toLowerCase();
  return ecosystem === "pypi" ? lower.replace(/[-_.]+/g, "-") : lower;
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** Two or more DNS labels, lowercase, no trailing dot. */
const HOST_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})+$`);

/** Explains why `pattern` is not a valid host pattern, or returns null when it is. */
export function hostPatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return "host pattern must not be empty";
  if (pattern.length > 253) return "host pattern is longer than 253 characters";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pattern)) return "host pattern must not include a scheme (drop 'https://')";
  if (/[/?#]/.test(pattern)) return "host pattern must not include a path, query or fragment";
  if (pattern.includes(":")) return "host pattern must not include a port";
  if (pattern !== pattern.toLowerCase()) return "host pattern must be lowercase";
  if (/\s/.test(pattern)) return "host pattern must not contain whitespace";
  if (pattern.endsWith(".")) return "host pattern must not end with a dot";
  let host = pattern;
  if (pattern.startsWith("*.")) {
    host = pattern.slice(2);
  } else if (pattern.includes("*")) {
    return "a wildcard is only allowed as a leading '*.' label (e.g. '*.example.com')";
  }
  if (host.includes("*")) return "a wildcard is only allowed as a leading '*.' label (e.g. '*.example.com')";
  if (!HOST_RE.test(host)) {
    return host.includes(".")
      ? "host pattern must be a DNS name made of labels [a-z0-9-] (no leading/trailing '-')"
      : "host pattern must have at least two labels (e.g. 'api.example.com' or '*.example.com')";
  }
  return null;
}

export const hostPatternSchema = z.string().superRefine((value, ctx) => {
  const problem = hostPatternProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: `${problem}: "${value}"` });
});

const npmName = z
  .string()
  .regex(/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/, "npm package name must be lowercase, optionally scoped (@scope/name)");
const pypiName = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "PyPI name must be PEP 503 normalised (lowercase, '-' separators)");
const mavenCoordinate = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/, "Maven coordinate must be 'groupId:artifactId'");
const goModulePath = z
  .string()
  .regex(
    /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[A-Za-z0-9._~-]+)*$/,
    "Go module path must start with a domain (e.g. 'github.com/org/repo')",
  );
const nugetId = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "NuGet package id has invalid characters");
const gemName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, "RubyGems name has invalid characters");

export const providerSdksSchema = z
  .object({
    npm: z.array(npmName).min(1).optional(),
    pypi: z.array(pypiName).min(1).optional(),
    maven: z.array(mavenCoordinate).min(1).optional(),
    go: z.array(goModulePath).min(1).optional(),
    nuget: z.array(nugetId).min(1).optional(),
    rubygems: z.array(gemName).min(1).optional(),
  })
  .strict();

export const catalogProviderSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "id must be a lowercase slug [a-z0-9-]"),
    name: z.string().trim().min(1).max(120),
    category: providerCategorySchema,
    website: z.url({ protocol: /^https?$/ }),
    description: z.string().trim().min(1).max(200),
    hostPatterns: z.array(hostPatternSchema).min(1, "provider needs at least one host pattern"),
    sdks: providerSdksSchema.optional(),
  })
  .strict();

type Where = { index: number; id: string; path: (string | number)[] };
const describe = (w: Where) => `provider "${w.id}" at ${w.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;

export const providerCatalogSchema = z.array(catalogProviderSchema).superRefine((providers, ctx) => {
  const ids = new Map<string, Where>();
  const patterns = new Map<string, Where>();
  const packages = new Map<string, Where>();

  providers.forEach((provider, index) => {
    const here = (path: (string | number)[]): Where => ({ index, id: provider.id, path: [index, ...path] });

    const prevId = ids.get(provider.id);
    if (prevId) {
      ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate provider id "${provider.id}" (first at [${prevId.index}])` });
    } else {
      ids.set(provider.id, here(["id"]));
    }

    provider.hostPatterns.forEach((pattern, j) => {
      const prev = patterns.get(pattern);
      if (prev) {
        ctx.addIssue({
          code: "custom",
          path: [index, "hostPatterns", j],
          message: `duplicate host pattern "${pattern}" (already used by ${describe(prev)})`,
        });
      } else {
        patterns.set(pattern, here(["hostPatterns", j]));
      }
    });

    for (const ecosystem of SDK_ECOSYSTEMS) {
      (provider.sdks?.[ecosystem] ?? []).forEach((pkg, j) => {
        const key = `${ecosystem}:${normalizePackageName(ecosystem, pkg)}`;
        const prev = packages.get(key);
        if (prev) {
          ctx.addIssue({
            code: "custom",
            path: [index, "sdks", ecosystem, j],
            message: `duplicate ${ecosystem} package "${pkg}" (already listed by ${describe(prev)})`,
          });
        } else {
          packages.set(key, here(["sdks", ecosystem, j]));
        }
      });
    }
  });
});

export type ProviderCategory = z.infer<typeof providerCategorySchema>;
export type ProviderSdks = z.infer<typeof providerSdksSchema>;
export type CatalogProvider = z.infer<typeof catalogProviderSchema>;
export type ProviderCatalog = z.infer<typeof providerCatalogSchema>;
