import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBackstageCatalog, repositoryUrlFromLocation } from "./backstage";
import { IngestInputError, type IngestProblem } from "./types";

const catalogText = readFileSync(path.resolve(__dirname, "../../../test/fixtures/backstage/catalog-info.yaml"), "utf8");

function refusal(run: () => unknown): IngestProblem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IngestInputError);
    return (error as IngestInputError).problems;
  }
  throw new Error("expected an IngestInputError");
}

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

const entity = (kind: string, name: string, spec: string, apiVersion = "backstage.io/v1alpha1") =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const component = (name: string, extra = "") => entity("Component", name, `  type: service\n  lifecycle: production\n  owner: payments\n${extra}`);

describe("parseBackstageCatalog on the project's catalog-info.yaml fixture", () => {
  const catalog = parseBackstageCatalog(catalogText);

  it("keeps groups and systems, normalising entity refs to bare names", () => {
    expect(catalog.groups).toEqual([
      { name: "payments", title: "Payments Team", description: "Owns checkout and payment processing." },
      { name: "platform", title: "Platform Engineering", description: null },
    ]);
    expect(catalog.systems).toEqual([
      { name: "checkout", owner: "payments", description: "Everything a customer touches between basket and receipt." },
    ]);
  });

  it("keeps components with owner, system, provided/consumed APIs and repository URL", () => {
    expect(catalog.components).toEqual([
      {
        name: "checkout-web",
        title: "Checkout web app",
        description: "Next.js storefront checkout.",
        owner: "payments",
        system: "checkout",
        lifecycle: "production",
        type: "website",
        providesApis: [],
        consumesApis: ["orders-api", "payments-gateway-api"],
        repositoryUrl: "https://github.com/acme/checkout-web",
      },
      {
        name: "orders-service",
        title: null,
        description: null,
        owner: "payments",
        system: "checkout",
        lifecycle: "production",
        type: "service",
        providesApis: ["orders-api"],
        consumesApis: ["payments-gateway-api", "ledger-events"],
        repositoryUrl: "https://github.com/acme/orders-service",
      },
      {
        name: "payments-gateway",
        title: null,
        description: "Wraps Stripe and Adyen behind one internal API.",
        owner: "payments",
        system: "checkout",
        lifecycle: "experimental",
        type: "service",
        providesApis: ["payments-gateway-api"],
        consumesApis: [],
        repositoryUrl: "https://github.com/acme/monorepo",
      },
    ]);
  });

  it("keeps the embedded OpenAPI definition verbatim; $text is reported, non-OpenAPI definitions are not kept", () => {
    expect(catalog.apis.map(({ definition: _d, ...rest }) => rest)).toEqual([
      { name: "orders-api", title: "Orders API", owner: "payments", lifecycle: "production", type: "openapi" },
      { name: "payments-gateway-api", title: null, owner: "payments", lifecycle: "experimental", type: "openapi" },
      { name: "ledger-events", title: "Ledger events", owner: "platform", lifecycle: "production", type: "asyncapi" },
    ]);
    const orders = catalog.apis[0].definition ?? "";
    expect(orders.startsWith("openapi: 3.0.3\ninfo:\n  title: Orders API\n")).toBe(true);
    expect(orders).toContain("\n  /orders/{orderId}:\n    get:\n      operationId: getOrder\n");
    expect(catalog.apis[1].definition).toBeNull();
    expect(catalog.apis[2].definition).toBeNull();
  });

  it("ignores and counts User, Location and Resource entities", () => {
    expect(catalog.ignoredKinds).toEqual({ User: 1, Location: 1, Resource: 1 });
  });

  it("reports the $text definition and the Component without an owner, by document and line", () => {
    expect(catalog.problems).toEqual([
      {
        location: `document 8 (line ${lineOf(catalogText, "$text: ./openapi/payments-gateway.yaml")})`,
        reason: "spec.definition: definition uses $text, which Sibyl does not fetch",
      },
      { location: `document 13 (line ${lineOf(catalogText, "lifecycle: deprecated") - 1})`, reason: "spec.owner: required" },
    ]);
    expect(catalog.components.map((c) => c.name)).not.toContain("legacy-invoicing");
  });
});

describe("entity references", () => {
  it("accepts kind:namespace/name, kind:name and name; reports a wrong kind and drops that reference", () => {
    const text = [
      entity("System", "shop", "  owner: group:payments"),
      component(
        "api-gateway",
        "  system: system:default/shop\n  providesApis:\n    - api:default/orders-api\n    - API:public-api\n    - component:x\n  consumesApis: [orders-api, orders-api]\n",
      ),
      entity("Component", "personal-tool", "  type: tool\n  lifecycle: experimental\n  owner: user:default/jdoe\n"),
    ].join("\n---\n");
    const catalog = parseBackstageCatalog(text);
    expect(catalog.systems).toEqual([{ name: "shop", owner: "payments", description: null }]);
    const [gateway, tool] = catalog.components;
    expect(gateway.system).toBe("shop");
    expect(gateway.providesApis).toEqual(["orders-api", "public-api"]);
    expect(gateway.consumesApis).toEqual(["orders-api"]);
    expect(tool.owner).toBeNull();
    expect(catalog.problems).toEqual([
      { location: `document 2 (line ${lineOf(text, "component:x")})`, reason: 'spec.providesApis[2]: "component:x" refers to kind "component", expected API' },
      { location: `document 3 (line ${lineOf(text, "user:default/jdoe")})`, reason: 'spec.owner: "user:default/jdoe" refers to kind "user", expected Group' },
    ]);
  });

  it("reports malformed references", () => {
    const catalog = parseBackstageCatalog(component("svc", "  system: 'system:default/'\n  consumesApis: ['not a name']\n"));
    expect(catalog.components[0].system).toBeNull();
    expect(catalog.problems.map((p) => p.reason)).toEqual([
      'spec.system: "system:default/" is not a valid entity reference',
      'spec.consumesApis[0]: "not a name" is not a valid entity reference',
    ]);
  });
});

describe("entity validation", () => {
  it("skips entities Backstage would reject, with document, line and field", () => {
    const text = [
      component("ok"),
      entity("Component", "Bad Name!", "  type: service\n  lifecycle: production\n  owner: payments\n"),
      entity("Component", "no-type", "  lifecycle: production\n  owner: 42\n"),
      entity("API", "no-definition", "  type: openapi\n  lifecycle: production\n  owner: payments\n"),
      entity("System", "old", "  owner: payments\n", "backstage.io/v1"),
      "- just\n- a list\n",
      "apiVersion: backstage.io/v1alpha1\nmetadata:\n  name: kindless\n",
      component("ok"),
    ].join("\n---\n");
    const catalog = parseBackstageCatalog(text);
    expect(catalog.components.map((c) => c.name)).toEqual(["ok"]);
    expect(catalog.apis).toEqual([]);
    expect(catalog.systems).toEqual([]);
    expect(catalog.problems).toEqual([
      { location: `document 2 (line ${lineOf(text, "Bad Name!")})`, reason: "metadata.name: must be letters and digits separated by single '-', '_' or '.'" },
      { location: `document 3 (line ${lineOf(text, "owner: 42") - 1})`, reason: "spec.type: required" },
      { location: `document 3 (line ${lineOf(text, "owner: 42")})`, reason: "spec.owner: expected string, got number" },
      { location: `document 4 (line ${lineOf(text, "name: no-definition") + 2})`, reason: "spec.definition: required" },
      { location: `document 5 (line ${text.split("\n").indexOf("apiVersion: backstage.io/v1") + 1})`, reason: 'apiVersion: expected backstage.io/v1alpha1 or backstage.io/v1beta1, got "backstage.io/v1"' },
      { location: `document 6 (line ${lineOf(text, "- just")})`, reason: "expected a mapping (a Backstage entity), got array" },
      { location: `document 7 (line ${lineOf(text, "name: kindless") - 2})`, reason: "kind: required" },
      { location: `document 8 (line ${text.split("\n").lastIndexOf("  name: ok") + 1})`, reason: 'metadata.name: duplicate Component "ok" (first in document 1); the first is kept' },
    ]);
  });

  it("reports $json and $yaml substitutions too, and keeps the API", () => {
    const api = (name: string, def: string) => entity("API", name, `  type: openapi\n  lifecycle: production\n  owner: payments\n  definition:\n    ${def}\n`);
    const catalog = parseBackstageCatalog([api("a", "$json: https://example.com/a.json"), api("b", "$yaml: ./b.yaml")].join("\n---\n"));
    expect(catalog.apis.map((a) => [a.name, a.definition])).toEqual([["a", null], ["b", null]]);
    expect(catalog.problems.map((p) => p.reason)).toEqual([
      "spec.definition: definition uses $json, which Sibyl does not fetch",
      "spec.definition: definition uses $yaml, which Sibyl does not fetch",
    ]);
  });

  it("skips empty documents such as a leading or trailing ---", () => {
    const catalog = parseBackstageCatalog(`---\n${component("svc")}---\n`);
    expect(catalog.components).toHaveLength(1);
    expect(catalog.problems).toEqual([]);
  });
});

describe("repository URLs", () => {
  it("reduces source locations to the repository", () => {
    expect(repositoryUrlFromLocation("url:https://github.com/org/repo/tree/main/")).toBe("https://github.com/org/repo");
    expect(repositoryUrlFromLocation("url:https://github.com/org/repo.git")).toBe("https://github.com/org/repo");
    expect(repositoryUrlFromLocation("url:https://gitlab.com/group/sub/repo/-/tree/main/app")).toBe("https://gitlab.com/group/sub/repo");
    expect(repositoryUrlFromLocation("url:https://bitbucket.org/team/repo/src/master/")).toBe("https://bitbucket.org/team/repo");
    expect(repositoryUrlFromLocation("url:https://github.com/org")).toBeNull();
    expect(repositoryUrlFromLocation("url:ftp://example.com/a/b")).toBeNull();
    expect(repositoryUrlFromLocation("not a url")).toBeNull();
  });

  it("reports an unusable source location and falls back to the project slug", () => {
    const annotations = (lines: string) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc\n  annotations:\n${lines}spec:\n  type: service\n  lifecycle: production\n  owner: payments\n`;
    const fallback = parseBackstageCatalog(annotations("    backstage.io/source-location: 'url:nonsense'\n    github.com/project-slug: acme/svc\n"));
    expect(fallback.components[0].repositoryUrl).toBe("https://github.com/acme/svc");
    expect(fallback.problems).toEqual([
      { location: "document 1 (line 6)", reason: 'metadata.annotations["backstage.io/source-location"]: not a repository URL: "url:nonsense"' },
    ]);
    const local = parseBackstageCatalog(annotations("    backstage.io/source-location: file:/srv/catalog/svc\n"));
    expect(local.components[0].repositoryUrl).toBeNull();
    expect(local.problems).toEqual([]);
  });
});

describe("unusable input throws IngestInputError", () => {
  it("refuses a YAML bomb (exponential alias expansion)", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    const names = "abcdefghi";
    for (let k = 1; k < names.length; k++) levels.push(`${names[k]}: &${names[k]} [${Array(9).fill(`*${names[k - 1]}`).join(", ")}]`);
    const bomb = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: lol\n${levels.map((l) => `  ${l}`).join("\n")}\n`;
    const started = Date.now();
    expect(refusal(() => parseBackstageCatalog(bomb))).toEqual([
      { location: "document 1 (line 1)", reason: 'too many YAML alias expansions (a "YAML bomb"); refused' },
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("still allows a modest use of anchors", () => {
    const text = `${component("svc", "  consumesApis: &apis [orders-api]\n  providesApis: *apis\n")}`;
    expect(parseBackstageCatalog(text).components[0].providesApis).toEqual(["orders-api"]);
  });

  it("reports a YAML syntax error with its line", () => {
    const text = `${component("svc")}---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "unterminated\n`;
    const [problem] = refusal(() => parseBackstageCatalog(text));
    expect(problem.location).toBe(`line ${text.split("\n").length}`);
    expect(problem.reason).toMatch(/^YAML syntax error: /);
    const tabbed = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n\tname: payments\n";
    expect(refusal(() => parseBackstageCatalog(tabbed))).toEqual([{ location: "line 4", reason: expect.stringMatching(/^YAML syntax error: .*[Tt]ab/) }]);
    expect(refusal(() => parseBackstageCatalog("kind: Group\nkind: API\n"))[0].location).toBe("line 2");
  });

  it("refuses binary, empty and oversized input", () => {
    expect(refusal(() => parseBackstageCatalog("\u001f\ufffd\b\u0000\u0003"))[0].reason).toMatch(/binary/);
    expect(refusal(() => parseBackstageCatalog("# nothing here\n"))[0].reason).toBe("input contains no YAML documents");
    expect(refusal(() => parseBackstageCatalog(catalogText, { maxBytes: 1024 }))[0].reason).toMatch(/larger than/);
  });
});
