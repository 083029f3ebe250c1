import { describe, it, expect } from "vitest";
import rawCatalog from "./provider-catalog.json";
import { buildHostMatcher, buildSdkMatcher, loadProviderCatalog, normalizeHost, parsePurl } from "./match";
import {
  PROVIDER_CATEGORIES,
  catalogProviderSchema,
  hostPatternSchema,
  providerCatalogSchema,
  type CatalogProvider,
} from "../../validation/provider-catalog";

const base = (over: Partial<CatalogProvider> = {}): CatalogProvider => ({
  id: "acme",
  name: "Acme",
  category: "payments",
  website: "https://acme.example",
  description: "Acme API",
  hostPatterns: ["api.acme.example"],
  ...over,
});

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  expect(result.success).toBe(false);
  return result.error?.issues ?? [];
}

describe("shipped provider catalog", () => {
  const providers = loadProviderCatalog();

  it("validates against the schema", () => {
    const result = providerCatalogSchema.safeParse(rawCatalog);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("is large and broad enough", () => {
    expect(providers.length).toBeGreaterThanOrEqual(90);
    const categories = new Set(providers.map((p) => p.category));
    expect(categories.size).toBeGreaterThanOrEqual(15);
    // every declared category is actually used
    expect([...categories].sort()).toEqual([...PROVIDER_CATEGORIES].sort());
    for (const p of providers) expect(p.hostPatterns.length, p.id).toBeGreaterThan(0);
    expect(providers.filter((p) => p.sdks?.npm?.length).length).toBeGreaterThanOrEqual(60);
    expect(providers.filter((p) => p.sdks?.pypi?.length).length).toBeGreaterThanOrEqual(50);
  });

  it("has no pattern shared by two providers", () => {
    const seen = new Map<string, string>();
    for (const p of providers) {
      for (const pattern of p.hostPatterns) {
        const owner = seen.get(pattern);
        expect(owner === undefined || owner === p.id, `${pattern}: ${owner} vs ${p.id}`).toBe(true);
        seen.set(pattern, p.id);
      }
    }
  });

  it("caches the parsed catalog", () => {
    expect(loadProviderCatalog()).toBe(providers);
  });
});

describe("catalog schema", () => {
  it.each([
    ["https://x.com", /scheme/],
    ["api.x.com/v1", /path/],
    ["api.x.com:443", /port/],
    ["*x.com", /wildcard/],
    ["api.*.x.com", /wildcard/],
    ["API.X.COM", /lowercase/],
    ["localhost", /two labels/],
    ["*.com", /two labels/],
    ["api.x.com.", /dot/],
    ["", /empty/],
  ])("rejects host pattern %j", (pattern, message) => {
    const issues = issuesOf(hostPatternSchema.safeParse(pattern));
    expect(issues[0].message).toMatch(message);
  });

  it.each(["api.stripe.com", "*.stripe.com", "*.s3.us-east-1.amazonaws.com", "1password.com", "api.x.ai"])(
    "accepts host pattern %j",
    (pattern) => {
      expect(hostPatternSchema.safeParse(pattern).success).toBe(true);
    },
  );

  it("reports a bad pattern with its index path", () => {
    const issues = issuesOf(providerCatalogSchema.safeParse([base(), base({ id: "b", hostPatterns: ["ok.b.example", "https://b.example"] })]));
    expect(issues[0].path).toEqual([1, "hostPatterns", 1]);
    expect(issues[0].message).toMatch(/scheme/);
  });

  it("rejects bad ids, categories, empty host lists and unknown keys", () => {
    expect(catalogProviderSchema.safeParse(base({ id: "Acme Pay" })).success).toBe(false);
    expect(catalogProviderSchema.safeParse({ ...base(), category: "widgets" }).success).toBe(false);
    expect(catalogProviderSchema.safeParse(base({ hostPatterns: [] })).success).toBe(false);
    expect(catalogProviderSchema.safeParse({ ...base(), extra: 1 }).success).toBe(false);
    expect(catalogProviderSchema.safeParse(base({ sdks: { npm: [] } })).success).toBe(false);
    expect(catalogProviderSchema.safeParse(base({ sdks: { pypi: ["Foo_Bar"] } })).success).toBe(false);
    expect(catalogProviderSchema.safeParse(base({ sdks: { maven: ["com.acme"] } })).success).toBe(false);
  });

  it("reports duplicate ids", () => {
    const issues = issuesOf(providerCatalogSchema.safeParse([base(), base({ hostPatterns: ["other.example"] })]));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toEqual([1, "id"]);
    expect(issues[0].message).toMatch(/duplicate provider id "acme"/);
  });

  it("reports duplicate host patterns across providers with both locations", () => {
    const catalog = [
      base({ hostPatterns: ["api.acme.example", "*.acme.example"] }),
      base({ id: "other", hostPatterns: ["api.other.example", "*.acme.example"] }),
    ];
    const issues = issuesOf(providerCatalogSchema.safeParse(catalog));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toEqual([1, "hostPatterns", 1]);
    expect(issues[0].message).toContain('"*.acme.example"');
    expect(issues[0].message).toContain('provider "acme" at [0].hostPatterns[1]');
  });

  it("reports duplicate (ecosystem, package) pairs, comparing normalised names", () => {
    const catalog = [
      base({ sdks: { pypi: ["acme-sdk"], npm: ["acme"] } }),
      base({ id: "other", hostPatterns: ["api.other.example"], sdks: { npm: ["other", "acme"], pypi: ["acme-sdk"] } }),
      base({ id: "third", hostPatterns: ["api.third.example"], sdks: { go: ["github.com/Acme/go"], nuget: ["Acme"] } }),
      base({ id: "fourth", hostPatterns: ["api.fourth.example"], sdks: { go: ["github.com/acme/go"], nuget: ["acme"], maven: ["com.acme:acme"] } }),
    ];
    const issues = issuesOf(providerCatalogSchema.safeParse(catalog));
    expect(issues.map((i) => i.path)).toEqual([
      [1, "sdks", "npm", 1],
      [1, "sdks", "pypi", 0],
      [3, "sdks", "go", 0],
      [3, "sdks", "nuget", 0],
    ]);
    expect(issues[0].message).toMatch(/duplicate npm package "acme".*provider "acme" at \[0\]\.sdks\.npm\[0\]/);
  });

  it("allows the same package name in different ecosystems", () => {
    const catalog = [base({ sdks: { npm: ["acme"] } }), base({ id: "other", hostPatterns: ["o.example"], sdks: { pypi: ["acme"] } })];
    expect(providerCatalogSchema.safeParse(catalog).success).toBe(true);
  });
});

describe("host matching", () => {
  const match = buildHostMatcher(loadProviderCatalog());
  const id = (host: string) => match(host)?.providerId ?? null;

  it.each([
    ["api.stripe.com", "stripe"],
    ["API.STRIPE.COM.", "stripe"],
    ["api.stripe.com:443", "stripe"],
    ["  api.stripe.com  ", "stripe"],
    ["checkout.stripe.com", "stripe"],
    ["a.b.c.stripe.com", "stripe"],
    ["maps.googleapis.com", "google-maps"],
    ["generativelanguage.googleapis.com", "google-gemini"],
    ["storage.googleapis.com", "google-cloud-storage"],
    ["firestore.googleapis.com", "firebase"],
    ["my-app-default-rtdb.firebaseio.com", "firebase"],
    ["pubsub.googleapis.com", "google-cloud"],
    ["mybucket.s3.us-west-2.amazonaws.com", "amazon-s3"],
    ["s3.amazonaws.com", "amazon-s3"],
    ["email.us-east-1.amazonaws.com", "amazon-ses"],
    ["bedrock-runtime.us-east-1.amazonaws.com", "amazon-bedrock"],
    ["dynamodb.us-east-1.amazonaws.com", "aws"],
    ["myacct.blob.core.windows.net", "azure-blob-storage"],
    ["login.windows.net", "microsoft-entra-id"],
    ["myres.openai.azure.com", "azure-openai"],
    ["management.azure.com", "microsoft-azure"],
    ["graph.microsoft.com", "microsoft-graph"],
    ["api.openai.com", "openai"],
    ["api.anthropic.com", "anthropic"],
    ["api.twilio.com", "twilio"],
    ["api.sendgrid.com", "sendgrid"],
    ["o123.ingest.us.sentry.io", "sentry"],
    ["us5.api.mailchimp.com", "mailchimp"],
    ["acme.myshopify.com", "shopify"],
    ["acme.atlassian.net", "atlassian"],
    ["hooks.slack.com", "slack"],
    ["api.github.com", "github"],
    ["registry.npmjs.org", "npm-registry"],
  ])("%s -> %s", (host, expected) => {
    expect(id(host)).toBe(expected);
  });

  it("reports the pattern that matched, preferring exact over wildcard and longer suffixes", () => {
    expect(match("api.stripe.com")).toEqual({ providerId: "stripe", pattern: "api.stripe.com" });
    expect(match("dashboard.stripe.com")).toEqual({ providerId: "stripe", pattern: "*.stripe.com" });
    expect(match("b.s3.amazonaws.com")).toEqual({ providerId: "amazon-s3", pattern: "*.s3.amazonaws.com" });
    expect(match("sts.amazonaws.com")).toEqual({ providerId: "aws", pattern: "*.amazonaws.com" });
  });

  it.each([
    "stripe.com.evil.example",
    "notstripe.com",
    "stripe.com", // "*.stripe.com" does not cover the bare domain
    "localhost",
    "[::1]",
    "[::1]:443",
    "::1",
    "127.0.0.1",
    "",
    "https://api.stripe.com",
    "api.stripe.com/v1",
    "api.stripe.com:https",
    "amazonaws.com",
    "com",
  ])("%j -> null", (host) => {
    expect(match(host)).toBeNull();
  });

  it("prefers the longest wildcard suffix regardless of catalog order", () => {
    const providers = [base({ id: "narrow", hostPatterns: ["*.deep.acme.example"] }), base({ id: "broad", hostPatterns: ["*.acme.example"] })];
    for (const order of [providers, [...providers].reverse()]) {
      const m = buildHostMatcher(order);
      expect(m("x.deep.acme.example")?.providerId).toBe("narrow");
      expect(m("deep.acme.example")?.providerId).toBe("broad");
      expect(m("acme.example")).toBeNull();
    }
  });

  it("refuses a catalog where two providers claim one pattern", () => {
    expect(() => buildHostMatcher([base(), base({ id: "b" })])).toThrow(/api\.acme\.example/);
  });

  it("normalises hosts", () => {
    expect(normalizeHost("Example.COM.:8080")).toBe("example.com");
    expect(normalizeHost("[2001:db8::1]:443")).toBeNull();
  });
});

describe("parsePurl", () => {
  it.each([
    ["pkg:npm/%40sendgrid/mail@7.7.0", { type: "npm", namespace: "@sendgrid", name: "mail", version: "7.7.0" }],
    ["pkg:npm/@sendgrid/mail@7.7.0", { type: "npm", namespace: "@sendgrid", name: "mail", version: "7.7.0" }],
    ["pkg:npm/@sendgrid/mail", { type: "npm", namespace: "@sendgrid", name: "mail" }],
    ["pkg:npm/stripe@14.0.0", { type: "npm", name: "stripe", version: "14.0.0" }],
    ["pkg:npm/lodash", { type: "npm", name: "lodash" }],
    ["pkg:pypi/google_cloud_storage@2.10.0", { type: "pypi", name: "google-cloud-storage", version: "2.10.0" }],
    ["pkg:PyPI/Django_Rest@1.0", { type: "pypi", name: "django-rest", version: "1.0" }],
    ["pkg:maven/com.stripe/stripe-java@24.0.0", { type: "maven", namespace: "com.stripe", name: "stripe-java", version: "24.0.0" }],
    [
      "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&classifier=sources#src/main",
      { type: "maven", namespace: "org.apache.xmlgraphics", name: "batik-anim", version: "1.9.1" },
    ],
    [
      "pkg:golang/github.com/stripe/stripe-go/v76@v76.0.0",
      { type: "golang", namespace: "github.com/stripe/stripe-go", name: "v76", version: "v76.0.0" },
    ],
    ["pkg:golang/google.golang.org/genai#client", { type: "golang", namespace: "google.golang.org", name: "genai" }],
    ["pkg:gem/ruby-advisory-db-check@0.12.4?arch=x86", { type: "gem", name: "ruby-advisory-db-check", version: "0.12.4" }],
    ["pkg:nuget/EnterpriseLibrary.Common@6.0.1304", { type: "nuget", name: "EnterpriseLibrary.Common", version: "6.0.1304" }],
    ["pkg://npm/left-pad@1.3.0", { type: "npm", name: "left-pad", version: "1.3.0" }],
    ["pkg:docker/library/debian@sha256%3A244fd47e07d10", { type: "docker", namespace: "library", name: "debian", version: "sha256:244fd47e07d10" }],
  ])("%s", (purl, expected) => {
    expect(parsePurl(purl)).toEqual(expected);
  });

  it.each([
    "",
    "stripe",
    "npm/stripe@1.0.0",
    "http://npm/stripe",
    "pkg:",
    "pkg:npm",
    "pkg:npm/",
    "pkg:npm/@1.0.0",
    "pkg:/stripe",
    "pkg:1npm/stripe",
    "pkg:npm/%E0%A4%A/x",
    "pkg:npm/a%2Fb",
  ])("%j -> null", (purl) => {
    expect(parsePurl(purl)).toBeNull();
  });
});

describe("SDK matching", () => {
  const match = buildSdkMatcher(loadProviderCatalog());

  it.each([
    ["pkg:npm/stripe@14.0.0", "stripe", "npm", "stripe"],
    ["pkg:npm/%40sendgrid/mail@7.7.0", "sendgrid", "npm", "@sendgrid/mail"],
    ["pkg:npm/@anthropic-ai/sdk@0.30.0", "anthropic", "npm", "@anthropic-ai/sdk"],
    ["pkg:pypi/twilio@8.0.0", "twilio", "pypi", "twilio"],
    ["pkg:pypi/sentry_sdk@2.0.0", "sentry", "pypi", "sentry-sdk"],
    ["pkg:pypi/discord.py@2.3.2", "discord", "pypi", "discord-py"],
    ["pkg:pypi/Google-Cloud-Storage@2.10.0", "google-cloud-storage", "pypi", "google-cloud-storage"],
    ["pkg:maven/com.stripe/stripe-java@24.0.0?type=jar", "stripe", "maven", "com.stripe:stripe-java"],
    ["pkg:golang/github.com/stripe/stripe-go/v76@v76.0.0", "stripe", "go", "github.com/stripe/stripe-go"],
    ["pkg:golang/github.com/stripe/stripe-go@v1.0.0", "stripe", "go", "github.com/stripe/stripe-go"],
    ["pkg:golang/github.com/aws/aws-sdk-go-v2/service/s3@v1.50.0", "amazon-s3", "go", "github.com/aws/aws-sdk-go-v2/service/s3"],
    ["pkg:golang/github.com/aws/aws-sdk-go-v2@v1.25.0", "aws", "go", "github.com/aws/aws-sdk-go-v2"],
    ["pkg:golang/github.com/aws/aws-sdk-go@v1.50.0", "aws", "go", "github.com/aws/aws-sdk-go"],
    ["pkg:golang/cloud.google.com/go/storage@v1.40.0", "google-cloud-storage", "go", "cloud.google.com/go/storage"],
    ["pkg:golang/github.com/datadog/datadog-go/v5@v5.5.0", "datadog", "go", "github.com/DataDog/datadog-go"],
    ["pkg:nuget/stripe.net@43.0.0", "stripe", "nuget", "Stripe.net"],
    ["pkg:gem/twilio-ruby@7.0.0", "twilio", "rubygems", "twilio-ruby"],
  ])("%s -> %s", (purl, providerId, ecosystem, packageName) => {
    expect(match(purl)).toEqual({ providerId, ecosystem, packageName });
  });

  it.each([
    "pkg:npm/lodash@4.17.21",
    "pkg:npm/%40sendgrid/helpers@7.7.0",
    "pkg:npm/sendgrid-mail@1.0.0",
    "pkg:pypi/requests@2.31.0",
    "pkg:maven/com.stripe/other@1.0.0",
    "pkg:maven/stripe-java@24.0.0",
    "pkg:golang/github.com/stripe/stripe-go-extra@v1.0.0",
    "pkg:golang/github.com/aws/aws-sdk-go-v3@v1.0.0",
    "pkg:cargo/stripe@1.0.0",
    "not a purl",
  ])("%s -> null", (purl) => {
    expect(match(purl)).toBeNull();
  });
});
