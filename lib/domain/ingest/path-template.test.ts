import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseOpenApi } from "./openapi";
import { classifySegment, isWordLike, mergeTemplates, normalisePath, SpecTemplateMatcher, splitTemplate, TemplateInferrer } from "./path-template";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/openapi/", import.meta.url));
const specOf = (name: string) => parseOpenApi(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
const ops = (...paths: string[]) => paths.map((p) => ({ method: "GET", path: p }));

describe("normalisePath", () => {
  it("strips query and fragment, collapses slashes, drops the trailing slash, decodes only unreserved", () => {
    expect(normalisePath("/users/?page=2#top")).toBe("/users");
    expect(normalisePath("//a///b/")).toBe("/a/b");
    expect(normalisePath("/")).toBe("/");
    expect(normalisePath("")).toBe("/");
    expect(normalisePath("users/1")).toBe("/users/1");
    expect(normalisePath("/%7Euser/%41b%2Fc%20d%3a")).toBe("/~user/Ab%2Fc%20d%3A");
  });
});

describe("SpecTemplateMatcher", () => {
  it("prefers the plain path key over one told apart by a query key, whatever the order of the operations (AWS S3)", () => {
    const keyedFirst = [
      { method: "GET", path: "/{Bucket}#object-lock" },
      { method: "PUT", path: "/{Bucket}#object-lock" },
      { method: "GET", path: "/{Bucket}" },
      { method: "DELETE", path: "/tags/{resourceArn}#tagKeys" },
      { method: "GET", path: "/tags/{resourceArn}" },
    ];
    for (const operations of [keyedFirst, [...keyedFirst].reverse()]) {
      const m = new SpecTemplateMatcher(operations);
      expect(m.match("GET", "/acme-billing-logs")).toEqual({ template: "/{Bucket}", methodDocumented: true });
      // Only a keyed operation has the method: it is still that operation.
      expect(m.match("PUT", "/acme-billing-logs")).toEqual({ template: "/{Bucket}#object-lock", methodDocumented: true });
      // An undocumented method is reported on the plain path.
      expect(m.match("POST", "/tags/arn:aws:networkmanager::123456789012:global-network%2Fglobal-network-01231231231231231")).toEqual({ template: "/tags/{resourceArn}", methodDocumented: false });
    }
  });

  it("does not take a segment with a custom-method suffix as a whole parameter where the spec writes {name}:verb (Google style)", () => {
    const m = new SpecTemplateMatcher([
      { method: "GET", path: "/v3beta1/{name}" },
      { method: "DELETE", path: "/v3beta1/{name}" },
      { method: "GET", path: "/v3beta1/{name}/operations" },
      { method: "POST", path: "/v3beta1/{name}:cancel" },
      { method: "POST", path: "/v3beta1/{parent}:detectLanguage" },
    ]);
    expect(m.match("POST", "/v3beta1/projects%2Facme-translate:cancel")).toEqual({ template: "/v3beta1/{name}:cancel", methodDocumented: true });
    expect(m.match("GET", "/v3beta1/projects%2Facme-translate")).toEqual({ template: "/v3beta1/{name}", methodDocumented: true });
    // An undocumented custom method: not GET /v3beta1/{name} with an odd value, nor a POST on it.
    expect(m.match("GET", "/v3beta1/erin:translateText")).toBeNull();
    expect(m.match("POST", "/v3beta1/erin:translateText")).toBeNull();
    expect(m.prefixTemplate("/v3beta1/erin:translateText")).toMatchObject({ path: "/v3beta1/{name}:translateText", fixed: 2 });
    // Without custom methods in the spec at that position, a colon is just part of a value.
    const plain = new SpecTemplateMatcher([{ method: "GET", path: "/books/{isbn}" }]);
    expect(plain.match("GET", "/books/urn:isbn")).toEqual({ template: "/books/{isbn}", methodDocumented: true });
  });

  it("lets a leading parameter take the first segment only when the spec's literals follow it (chain49's /{blockchain}/v2/…)", () => {
    const m = new SpecTemplateMatcher([
      { method: "GET", path: "/" },
      { method: "GET", path: "/{blockchain}" },
      { method: "GET", path: "/{blockchain}/v2/balancehistory/{addressOrXpub}" },
      { method: "GET", path: "/{blockchain}/v2/tx/{txId}" },
    ]);
    expect(m.prefixTemplate("/bitcoin/v2/balancehistory/bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh/debug")).toMatchObject({
      path: "/{blockchain}/v2/balancehistory/{addressOrXpub}/debug",
      fixed: 4,
      concrete: "/bitcoin/v2/balancehistory/bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh/debug",
    });
    // A literal of the spec after the parameter is enough, however the rest goes on.
    expect(m.prefixTemplate("/litecoin-testnet/v2/fees")).toMatchObject({ path: "/{blockchain}/v2/fees", fixed: 2 });
    // Not followed by the spec's structure: the parameter does not claim the path.
    expect(m.prefixTemplate("/legacy/tenants")).toMatchObject({ path: "/legacy/tenants", fixed: 0 });
    expect(m.prefixTemplate("/internal/v3/tx/42")).toMatchObject({ path: "/internal/v3/tx/42", fixed: 0 });
    expect(m.match("GET", "/dogecoin/v2/tx/5a4ebf66822b0b2d56bd9dc64ece0bc38ee7844a23ff1d7320a88c5fdb2ad3e2")).toEqual({ template: "/{blockchain}/v2/tx/{txId}", methodDocumented: true });
  });

  it("matches a numeric path parameter only with a number, and walks prefixes the same way (Bungie's {membershipType})", () => {
    const m = new SpecTemplateMatcher([
      { method: "GET", path: "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", pathTypes: { membershipType: "integer", destinyMembershipId: "integer" } },
      { method: "GET", path: "/Destiny2/{membershipType}/Account/{destinyMembershipId}/Stats", pathTypes: { membershipType: "integer", destinyMembershipId: "integer" } },
      { method: "DELETE", path: "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", pathTypes: null },
      { method: "GET", path: "/Maps/{lat}", pathTypes: { lat: "number" } },
    ]);
    const profile = "/Destiny2/{membershipType}/Profile/{destinyMembershipId}";
    expect(m.match("GET", "/Destiny2/3/Profile/4611686018467284386")).toEqual({ template: profile, methodDocumented: true });
    expect(m.match("GET", "/Destiny2/-1/Profile/4611686018467284386")).toEqual({ template: profile, methodDocumented: true });
    expect(m.match("GET", "/Maps/-33.8688")).toEqual({ template: "/Maps/{lat}", methodDocumented: true });
    // A word there is an undocumented sibling, not the numeric parameter.
    expect(m.match("GET", "/Destiny2/SearchDestinyPlayer/Account/4611686018467284386/Stats")).toBeNull();
    // (The untyped DELETE of that template takes the word: the GET there is an undocumented method, no more.)
    expect(m.match("GET", "/Destiny2/SearchDestinyPlayer/Profile/4611686018467284386")).toEqual({ template: profile, methodDocumented: false });
    expect(m.match("GET", "/Destiny2/3/Profile/Guardian-7")).toEqual({ template: profile, methodDocumented: false });
    expect(m.match("GET", "/Maps/sydney")).toBeNull();
    // The untyped DELETE of the same template still takes any value.
    expect(m.match("DELETE", "/Destiny2/3/Profile/guardian-7")).toEqual({ template: profile, methodDocumented: true });
    expect(m.prefixTemplate("/Destiny2/2/Account/4611686018467284386/Character")).toMatchObject({ path: "/Destiny2/{membershipType}/Account/{destinyMembershipId}/Character", fixed: 4 });
    // Where every operation types the parameter, a word is not walked through it.
    const typedOnly = new SpecTemplateMatcher([{ method: "GET", path: "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", pathTypes: { membershipType: "integer", destinyMembershipId: "integer" } }]);
    expect(typedOnly.prefixTemplate("/Destiny2/Clan/4611686018467284386")).toMatchObject({ path: "/Destiny2/Clan/4611686018467284386", fixed: 1 });
    expect(typedOnly.prefixTemplate("/Destiny2/3/Profile/4611686018467284386/Character")).toMatchObject({ path: "/Destiny2/{membershipType}/Profile/{destinyMembershipId}/Character", fixed: 4 });
    expect(m.methodsOf(profile)).toEqual(["DELETE", "GET"]);
  });

  it("matches an enumerated path parameter only with one of its values (any case), and walks prefixes the same way", () => {
    const m = new SpecTemplateMatcher([
      { method: "POST", path: "/policies/{name}/{action}", pathEnums: { action: ["initiate"] } },
      { method: "GET", path: "/policies/{name}", pathEnums: null },
    ]);
    expect(m.match("POST", "/policies/web-billing-dev/initiate")).toEqual({ template: "/policies/{name}/{action}", methodDocumented: true });
    expect(m.match("POST", "/policies/web-billing-dev/INITIATE")).toEqual({ template: "/policies/{name}/{action}", methodDocumented: true });
    // Another word at that position is an undocumented sibling, not the enumerated parameter.
    expect(m.match("POST", "/policies/web-billing-dev/impersonate")).toBeNull();
    expect(m.prefixTemplate("/policies/web-billing-dev/impersonate")).toMatchObject({ path: "/policies/{name}/impersonate", fixed: 2 });
    expect(m.prefixTemplate("/policies/web-billing-dev/initiate/extra")).toMatchObject({ path: "/policies/{name}/{action}/extra", fixed: 3 });
    expect(m.methodsOf("/policies/{name}/{action}")).toEqual(["POST"]);
    expect(m.literalSegments()).toContain("initiate");
  });

  it("prefers a literal segment over a parameter, and strips the base path (Swagger 2 instagram)", async () => {
    const spec = await specOf("instagram.com.swagger2.json");
    const m = new SpecTemplateMatcher(spec.operations, spec.basePaths);
    expect(m.match("GET", "/v1/users/self/feed")).toEqual({ template: "/users/self/feed", methodDocumented: true });
    expect(m.match("get", "/v1/users/4242/follows")).toEqual({ template: "/users/{user-id}/follows", methodDocumented: true });
    expect(m.match("GET", "/users/4242")).toEqual({ template: "/users/{user-id}", methodDocumented: true });
    expect(m.match("GET", "/v1/media/123/comments?count=5")).toEqual({ template: "/media/{media-id}/comments", methodDocumented: true });
    expect(m.match("GET", "/v1/nothing/here")).toBeNull();
  });

  it("reports a path whose method the spec does not document", async () => {
    const spec = await specOf("instagram.com.swagger2.json");
    const m = new SpecTemplateMatcher(spec.operations, spec.basePaths);
    expect(m.match("DELETE", "/v1/users/42")).toEqual({ template: "/users/{user-id}", methodDocumented: false });
    expect(m.match("PATCH", "/v1/media/9/likes")).toEqual({ template: "/media/{media-id}/likes", methodDocumented: false });
  });

  it("backtracks from a literal dead end to the parameter branch", () => {
    const m = new SpecTemplateMatcher(ops("/a/b/c", "/a/{x}/d", "/users/me", "/users/{id}/posts"));
    expect(m.match("GET", "/a/b/d")?.template).toBe("/a/{x}/d");
    expect(m.match("GET", "/a/b/c")?.template).toBe("/a/b/c");
    expect(m.match("GET", "/users/me/posts")?.template).toBe("/users/{id}/posts");
    expect(m.match("GET", "/users/me")?.template).toBe("/users/me");
  });

  it("prefers a template that documents the method when several match", () => {
    const m = new SpecTemplateMatcher([{ method: "GET", path: "/users/me" }, { method: "DELETE", path: "/users/{id}" }]);
    expect(m.match("DELETE", "/users/me")).toEqual({ template: "/users/{id}", methodDocumented: true });
    expect(m.match("POST", "/users/me")).toEqual({ template: "/users/me", methodDocumented: false });
  });

  it("matches parameters embedded in a segment", async () => {
    const guru = await specOf("apis.guru.json");
    const m = new SpecTemplateMatcher(guru.operations, guru.basePaths);
    expect(m.match("GET", "/v2/providers.json")?.template).toBe("/providers.json");
    expect(m.match("GET", "/v2/stripe.com.json")?.template).toBe("/{provider}.json");
    expect(m.match("GET", "/v2/specs/googleapis.com/drive/v3.json")?.template).toBe("/specs/{provider}/{service}/{api}.json");
    expect(m.match("GET", "/v2/stripe.com/services.json")?.template).toBe("/{provider}/services.json");
    const files = new SpecTemplateMatcher(ops("/files/{name}.{ext}", "/files/{id}", "/repos/{owner}/{repo}/compare/{basehead}", "/v1/{name}:cancel"));
    expect(files.match("GET", "/files/report.final.pdf")?.template).toBe("/files/{name}.{ext}");
    expect(files.match("GET", "/files/12")?.template).toBe("/files/{id}");
    expect(files.match("GET", "/repos/octo/hello/compare/main...dev")?.template).toBe("/repos/{owner}/{repo}/compare/{basehead}");
    expect(files.match("GET", "/v1/operations%2F12:cancel")?.template).toBe("/v1/{name}:cancel");
  });

  it("strips the longest matching base path, and also tries none", () => {
    const m = new SpecTemplateMatcher(ops("/users", "/v2/users/{id}"), ["/api", "/api/v2", "https://ignored.example/"]);
    expect(m.match("GET", "/api/v2/users")?.template).toBe("/users");
    expect(m.match("GET", "/api/users")?.template).toBe("/users");
    expect(m.match("GET", "/users/")?.template).toBe("/users");
    expect(m.match("GET", "/api/v2/users/7")?.template).toBe("/v2/users/{id}");
    expect(m.match("GET", "/apiv2/users")).toBeNull();
  });

  it("normalises concrete paths and reads Express-style ':name' parameters", () => {
    const m = new SpecTemplateMatcher(ops("/webhooks/feed/:token/raw", "/Your Pull DOC Request API Path", "/a/b/"));
    expect(m.match("GET", "/webhooks//feed/abc123/raw/")?.template).toBe("/webhooks/feed/:token/raw");
    expect(m.match("GET", "/Your%20Pull%20DOC%20Request%20API%20Path")?.template).toBe("/Your Pull DOC Request API Path");
    expect(m.match("GET", "/a/b?x=1")?.template).toBe("/a/b/");
    expect(new SpecTemplateMatcher(ops("/")).match("GET", "/?q=1")?.template).toBe("/");
  });

  it("matches GitHub's 1,000+ templates quickly", async () => {
    const text = fs.readFileSync(path.resolve(FIXTURES, "../../../node_modules/@octokit/openapi/generated/api.github.com.json"), "utf8");
    const spec = await parseOpenApi(text);
    const m = new SpecTemplateMatcher(spec.operations, spec.basePaths);
    expect(m.match("GET", "/repos/octo/hello/compare/main...feature")?.template).toMatch(/^\/repos\/\{owner\}\/\{repo\}\/compare\/\{base/);
    expect(m.match("GET", "/repos/octo/hello/issues/12/comments")?.template).toBe("/repos/{owner}/{repo}/issues/{issue_number}/comments");
    expect(m.match("GET", "/user")?.template).toBe("/user");
    expect(m.match("GET", "/users/octocat")?.template).toBe("/users/{username}");
    // Speed, relative to a linear scan of per-template regexes (robust to a busy machine); the absolute
    // figure (~1–2 million matches/s on an idle core) is measured by bench/discovery.ts.
    const requests = spec.operations.map((o) => [o.method, o.path.replace(/\{[^}]+\}/g, "x1")] as const);
    const regexes = spec.operations.map((o) => ({ method: o.method as string, re: new RegExp(`^${o.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`) }));
    const time = (fn: (method: string, p: string) => unknown, rounds: number) => {
      const started = performance.now();
      for (let r = 0; r < rounds; r++) for (const [method, p] of requests) fn(method, p);
      return (performance.now() - started) / (rounds * requests.length);
    };
    time((method, p) => m.match(method, p), 20);
    const trie = time((method, p) => m.match(method, p), 50);
    const linear = time((method, p) => regexes.find((r) => r.method === method && r.re.test(p)), 3);
    expect(linear / trie).toBeGreaterThan(10);
    expect(1000 / trie).toBeGreaterThan(20_000);
  }, 30_000);

  it("rewrites an unmatched path with the spec's longest documented prefix", async () => {
    const spec = await specOf("instagram.com.swagger2.json");
    const m = new SpecTemplateMatcher(spec.operations, spec.basePaths);
    expect(m.prefixTemplate("/v1/users/4242/secret-notes/9")).toEqual({ path: "/users/{user-id}/secret-notes/9", fixed: 2, concrete: "/users/4242/secret-notes/9", closed: true });
    expect(m.prefixTemplate("/v1/internal/debug")).toEqual({ path: "/internal/debug", fixed: 0, concrete: "/internal/debug", closed: false });
    const root = new SpecTemplateMatcher(ops("/{owner}/{repo}"));
    expect(root.prefixTemplate("/internal/exports/1")).toEqual({ path: "/internal/exports/1", fixed: 0, concrete: "/internal/exports/1", closed: false });
  });

  it("says when the spec names every word that may follow the rewritten prefix (closed), and when a parameter could take it", () => {
    const m = new SpecTemplateMatcher([
      { method: "GET", path: "/{format}/Players", pathEnums: { format: ["XML", "JSON"] } },
      { method: "GET", path: "/{format}/Teams", pathEnums: { format: ["XML", "JSON"] } },
      { method: "GET", path: "/{format}/Player/{playerid}", pathEnums: { format: ["XML", "JSON"] } },
      { method: "GET", path: "/news/{newsId}" },
    ], ["/v3/nfl/stats"]);
    expect(m.prefixTemplate("/v3/nfl/stats/JSON/Stadiums")).toEqual({ path: "/{format}/Stadiums", fixed: 1, concrete: "/JSON/Stadiums", closed: true, enumerated: [0] });
    expect(m.prefixTemplate("/v3/nfl/stats/XML/Player/18882/Injuries")).toMatchObject({ path: "/{format}/Player/{playerid}/Injuries", fixed: 3, closed: false });
    expect(m.prefixTemplate("/v3/nfl/stats/news/8812/comments")).toMatchObject({ path: "/news/{newsId}/comments", fixed: 2, closed: false });
  });
});

describe("classifySegment", () => {
  it("types segments the way APIClarity and Akto do", () => {
    const cases: [string, string][] = [
      ["12345", "number"],
      ["0f8fad5b-d9cb-469f-a165-70867728950e", "uuid"],
      ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "ulid"],
      ["507f1f77bcf86cd799439011", "objectid"],
      ["deadbeef12", "hex"],
      ["a3f9c2d1e8b7a6f5c4d3e2f1a0b9c8d7e6f5a4b3", "hex"],
      ["aB3dE5fG7hJ9kL1m", "token"],
      ["abc12345", "hex"],
      ["xyz12345", "token"],
      ["ab1234", "token"],
      ["2024-01-15", "date"],
      ["2024-01-15T10:00:00Z", "date"],
      ["jane.doe@example.com", "email"],
      ["jane.doe%40example.com", "email"],
      ["users", "literal"],
      ["me", "literal"],
      ["v1", "literal"],
      ["v2beta1", "literal"],
      ["v1p1beta1", "literal"],
      ["sha256", "literal"],
      ["oauth2", "literal"],
      ["p2sVpnServerConfigurations", "literal"],
      ["getUserProfileSettings", "literal"],
      ["alice", "literal"],
    ];
    for (const [segment, kind] of cases) expect([segment, classifySegment(segment)]).toEqual([segment, kind]);
  });
});

describe("TemplateInferrer", () => {
  const infer = (paths: [string, string][] | string[]) => {
    const inf = new TemplateInferrer();
    for (const p of paths) {
      if (typeof p === "string") inf.add("GET", p);
      else inf.add(p[0], p[1]);
    }
    return { inf, out: inf.finish() };
  };

  it("infers typed parameters: numbers, UUIDs, ObjectIds, dates, emails", () => {
    const { inf, out } = infer([
      "/users/1/orders", "/users/22/orders", "/users/333/orders",
      "/orders/0f8fad5b-d9cb-469f-a165-70867728950e", "/orders/7c9e6679-7425-40de-944b-e07fc1f90ae7",
      "/items/507f1f77bcf86cd799439011",
      "/reports/2024-01-15", "/reports/2024-02-01",
      "/accounts/jane%40example.com",
    ]);
    expect(out.map((t) => t.template)).toEqual(["/accounts/{email}", "/items/{id}", "/orders/{id}", "/reports/{date}", "/users/{id}/orders"]);
    const orders = out.find((t) => t.template === "/orders/{id}");
    expect(orders).toMatchObject({ method: "GET", count: 2, reasons: ["segment 2 is a UUID"] });
    expect(orders?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(out.find((t) => t.template === "/users/{id}/orders")?.samples).toEqual(["/users/1/orders", "/users/22/orders", "/users/333/orders"]);
    expect(inf.templateFor("GET", "/users/999/orders")).toBe("/users/{id}/orders");
    expect(inf.templateFor("GET", "/reports/2025-12-31")).toBe("/reports/{date}");
  });

  it("turns a position with 10+ distinct non-word values into a parameter named after the collection", () => {
    const names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "nia"];
    const { inf, out } = infer(names.flatMap((n) => [`/profiles/${n}`, `/profiles/${n}/avatar`]));
    expect(out.map((t) => t.template)).toEqual(["/profiles/{profile}", "/profiles/{profile}/avatar"]);
    const t = out[0];
    expect(t.count).toBe(12);
    expect(t.samples).toHaveLength(5);
    expect(t.reasons).toHaveLength(1);
    expect(t.reasons[0]).toMatch(/^segment 2: 12 distinct values under \/profiles \(24 calls, 0 path word\(s\), 50% of calls with a new value, length spread [\d.]+, entropy [\d.]+ bits\/char\)$/);
    expect(t.confidence).toBeGreaterThan(0.5);
    expect(t.confidence).toBeLessThan(0.9);
    expect(inf.templateFor("GET", "/profiles/zoe/avatar")).toBe("/profiles/{profile}/avatar");
  });

  it("keeps few repeated values, dictionary words and versions literal", () => {
    const few = infer(["alice", "bob", "carol", "dave"].flatMap((n) => [`/profiles/${n}`, `/profiles/${n}`, `/profiles/${n}`])).out;
    expect(few.map((t) => t.template)).toEqual(["/profiles/alice", "/profiles/bob", "/profiles/carol", "/profiles/dave"]);
    const words = ["users", "orders", "items", "search", "login", "me", "status", "health", "metrics", "admin", "invoices", "webhooks"];
    const api = infer(words.map((w) => `/api/v1/${w}`)).out;
    expect(api.map((t) => t.template)).toEqual(words.map((w) => `/api/v1/${w}`).sort());
    expect(api.every((t) => t.confidence === 1 && t.reasons.length === 0)).toBe(true);
    expect(infer(["/2023-10-16/charges", "/1/movies/550", "/v2/items/9"]).out.map((t) => t.template)).toEqual(["/1/movies/{id}", "/2023-10-16/charges", "/v2/items/{id}"]);
  });

  it("keeps a frequent dictionary word next to a variety parameter", () => {
    const handles = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "nia", "oscar", "peggy"];
    const paths = [...handles.map((h) => `/users/${h}`), ...Array(20).fill("/users/me")];
    const { inf, out } = infer(paths);
    expect(out.map((t) => [t.template, t.count])).toEqual([["/users/me", 20], ["/users/{user}", 14]]);
    expect(inf.templateFor("GET", "/users/me")).toBe("/users/me");
    expect(inf.templateFor("GET", "/users/quentin")).toBe("/users/{user}");
  });

  it("keeps methods apart and names repeated parameters uniquely", () => {
    const { out } = infer([["GET", "/users/1/posts/2"], ["GET", "/users/3/posts/4"], ["DELETE", "/users/5"]]);
    expect(out.map((t) => `${t.method} ${t.template}`)).toEqual(["DELETE /users/{id}", "GET /users/{id}/posts/{id2}"]);
  });

  it("keeps the spec's segments of a rewritten path", () => {
    const inf = new TemplateInferrer();
    for (const n of [1, 2, 3]) inf.add("GET", `/v1p1beta1/{parent}/files:annotate/debug/${n}`, { fixed: 3, sample: `/v1p1beta1/p${n}/files:annotate/debug/${n}` });
    const [t] = inf.finish();
    expect(t.template).toBe("/v1p1beta1/{parent}/files:annotate/debug/{id}");
    expect(t.samples[0]).toBe("/v1p1beta1/p1/files:annotate/debug/1");
    expect(inf.templateFor("GET", "/v1p1beta1/{parent}/files:annotate/debug/7", 3)).toBe("/v1p1beta1/{parent}/files:annotate/debug/{id}");
  });

  it("stays bounded with a huge number of distinct values", () => {
    const inf = new TemplateInferrer();
    for (let i = 0; i < 20_000; i++) inf.add("GET", `/files/name-${i.toString(36)}x/meta`);
    const out = inf.finish();
    expect(out.map((t) => t.template)).toEqual(["/files/{file}/meta"]);
    expect(out[0].count).toBe(20_000);
    expect(out[0].reasons[0]).toMatch(/^segment 2: \d+\+ distinct values under \/files \(/);
  });

  it("must be finished before templateFor, and not added to afterwards", () => {
    const inf = new TemplateInferrer();
    inf.add("GET", "/a");
    expect(() => inf.templateFor("GET", "/a")).toThrow(/before finish/);
    inf.finish();
    expect(() => inf.add("GET", "/b")).toThrow(/after finish/);
  });
});

describe("TemplateInferrer without a spec: statistics of the values at a position", () => {
  const infer = (paths: [string, string][]) => {
    const inf = new TemplateInferrer();
    for (const [m, p] of paths) inf.add(m, p);
    return { inf, out: inf.finish() };
  };
  const get = (...paths: string[]) => paths.map((p): [string, string] => ["GET", p]);

  it("turns word-like identifiers into parameters when each call brings a new value", () => {
    const { inf, out } = infer([
      ...get("/api/v3/users/octocat", "/api/v3/users/mojombo", "/api/v3/users/defunkt", "/api/v3/users/pjhyett"),
      ...get("/regions/eu-west-1/instances", "/regions/us-east-2/instances", "/regions/ap-south-1/instances"),
      ...get("/orgs/acme-corp/members", "/orgs/globex/members", "/orgs/initech-labs/members", "/orgs/umbrella_co/members"),
    ]);
    expect(out.map((t) => t.template)).toEqual(["/api/v3/users/{user}", "/orgs/{org}/members", "/regions/{region}/instances"]);
    expect(out[0].reasons[0]).toMatch(/^segment 4: 4 distinct values under \/api\/v3\/users \(4 calls, 0 path word\(s\), 100% of calls with a new value/);
    expect(inf.templateFor("GET", "/regions/sa-east-1/instances")).toBe("/regions/{region}/instances");
  });

  it("keeps few values that repeat literal: /invitations/delete is an endpoint, not an invitation", () => {
    const { out } = infer([
      ...Array.from({ length: 6 }, () => ["POST", "/invitations/delete"] as [string, string]),
      ...Array.from({ length: 4 }, () => ["POST", "/invitations/accept"] as [string, string]),
      ...Array.from({ length: 3 }, () => ["POST", "/invitations/resend"] as [string, string]),
    ]);
    expect(out.map((t) => t.template)).toEqual(["/invitations/accept", "/invitations/delete", "/invitations/resend"]);
    expect(out.every((t) => t.reasons.length === 0)).toBe(true);
  });

  it("keeps the API's first segments literal unless the values share what follows them", () => {
    const resources = infer(get("/pokemon/25", "/berry/3", "/move/14", "/ability/65", "/gender/1", "/machine/7"));
    expect(resources.out.map((t) => t.template)).toEqual(["/ability/{id}", "/berry/{id}", "/gender/{id}", "/machine/{id}", "/move/{id}", "/pokemon/{id}"]);
    const projects = infer(get("/v3beta1/acme-prod/replay", "/v3beta1/globex-staging/replay", "/v3beta1/initech-dev/replay", "/v3beta1/hooli-eu/replay"));
    expect(projects.out.map((t) => t.template)).toEqual(["/v3beta1/{param}/replay"]);
  });

  it("templates parameters with a fixed suffix: a format extension or a custom method", () => {
    const { inf, out } = infer([
      ...get("/customers/48213.json", "/customers/99120.json", "/customers/77.json"),
      ...["billing-key", "ci-deploy-key", "legacy-sync", "partner-feed"].map((k): [string, string] => ["POST", `/v1/apiKeys/${k}:disable`]),
      ...get("/exports/q1-sales.csv", "/exports/churn-2024.csv", "/exports/eu-revenue.csv"),
    ]);
    expect(out.map((t) => `${t.method} ${t.template}`)).toEqual([
      "GET /customers/{id}.json",
      "GET /exports/{export}.csv",
      "POST /v1/apiKeys/{apiKey}:disable",
    ]);
    expect(out[0].reasons).toEqual(['segment 2 is a number followed by ".json"']);
    expect(inf.templateFor("GET", "/customers/5.json")).toBe("/customers/{id}.json");
    expect(inf.templateFor("POST", "/v1/apiKeys/new-key:disable")).toBe("/v1/apiKeys/{apiKey}:disable");
    // Right after a version marker too: the custom method is evidence enough.
    const root = infer(["tyrell-docs-prod", "stark", "umbrella"].map((n): [string, string] => ["POST", `/v1/${n}:approve`])).out;
    expect(root.map((t) => t.template)).toEqual(["/v1/{param}:approve"]);
  });

  it("judges a position across methods, and counts typed values beside word-like ones", () => {
    const { inf } = infer([
      ...get("/signing-jobs/4af5d3d3-0279-457b-9cdb-7e5ef1f04694", "/signing-jobs/887289", "/signing-jobs/cus_JtmUuZ4xR98m96", "/signing-jobs/wayne"),
      ["DELETE", "/signing-jobs/acme-catalog"],
      ["PUT", "/signing-jobs/5348591/revoke"], ["PUT", "/signing-jobs/hooli-analytics/revoke"],
      ...Array.from({ length: 8 }, () => ["POST", "/signing-jobs/with-payload"] as [string, string]),
    ]);
    expect(inf.templateFor("GET", "/signing-jobs/wayne")).toBe("/signing-jobs/{signing_job}");
    expect(inf.templateFor("DELETE", "/signing-jobs/acme-catalog")).toBe("/signing-jobs/{signing_job}");
    expect(inf.templateFor("PUT", "/signing-jobs/hooli-analytics/revoke")).toBe("/signing-jobs/{signing_job}/revoke");
    // Called often, by a method none of the identifiers sees: an endpoint of its own.
    expect(inf.templateFor("POST", "/signing-jobs/with-payload")).toBe("/signing-jobs/with-payload");
  });

  it("makes a popular identifier that behaves like the others a value of the parameter", () => {
    const apps = ["acme-infra", "tyrell-docs", "hooli-mobile", "globex-web", "initech-api", "wonka-shop", "umbrella-ops", "stark-labs", "wayne-hr", "pied-piper"];
    const { inf } = infer([
      ...apps.map((a): [string, string] => ["GET", `/apps/${a}/branches`]),
      ...Array.from({ length: 9 }, (): [string, string] => ["GET", "/apps/analytics-service/branches"]),
      ...Array.from({ length: 6 }, (): [string, string] => ["GET", "/apps/search-all"]),
    ]);
    expect(inf.templateFor("GET", "/apps/analytics-service/branches")).toBe("/apps/{app}/branches");
    expect(inf.templateFor("GET", "/apps/search-all")).toBe("/apps/search-all");
  });

  it("makes a handful of values followed by the same sub-resources one parameter", () => {
    const dbs = ["marina", "nanoreg1", "nanoreg2", "enpra", "calibrate"];
    const { out } = infer(dbs.flatMap((db) => [0, 1, 2].flatMap((): [string, string][] => [["GET", `/enm/${db}/substance`], ["GET", `/enm/${db}/query/study`]])));
    expect(out.map((t) => t.template)).toEqual(["/enm/{enm}/query/study", "/enm/{enm}/substance"]);
  });

  it("treats a numbered word as an identifier and a separated word as a path word", () => {
    expect(isWordLike("search-2")).toBe(false);
    expect(isWordLike("billing-7")).toBe(false);
    expect(isWordLike("_debug")).toBe(true);
    expect(isWordLike("bulk-delete")).toBe(true);
    expect(isWordLike("eu-west-1")).toBe(false);
  });

  it("reads version markers only when they look like versions", () => {
    for (const v of ["v1", "v2beta1", "v1p1beta1", "v2.1"]) expect(classifySegment(v)).toBe("literal");
    expect(classifySegment("v8x7k2m9q")).toBe("token");
    const { out } = infer(get("/v2beta1/items/v8x7k2m9q", "/2024-06-01/charges/ch_3MmlLrLkdIwHu7ix0snN0B15"));
    expect(out.map((t) => t.template)).toEqual(["/2024-06-01/charges/{token}", "/v2beta1/items/{token}"]);
  });
});

describe("mergeTemplates and splitTemplate", () => {
  it("merges differing literals into a parameter and refuses different lengths", () => {
    expect(mergeTemplates("/users/alice/posts", "/users/bob/posts")).toBe("/users/{user}/posts");
    expect(mergeTemplates("/users/{id}/posts", "/users/me/posts")).toBe("/users/{id}/posts");
    expect(mergeTemplates("/a/x/y", "/a/z/w")).toBe("/a/{param}/{param2}");
    expect(mergeTemplates("/a/b", "/a/b")).toBe("/a/b");
    expect(mergeTemplates("/a/b", "/a/b/c")).toBeNull();
  });

  it("splits a parameter back into a literal", () => {
    expect(splitTemplate("/users/{user}/posts", 1, "me")).toBe("/users/me/posts");
    expect(() => splitTemplate("/users/{user}", 0, "x")).toThrow(/not a parameter/);
    expect(() => splitTemplate("/users/{user}", 2, "x")).toThrow(RangeError);
    expect(() => splitTemplate("/users/{user}", 1, "a/b")).toThrow(/one non-empty segment/);
  });
});
