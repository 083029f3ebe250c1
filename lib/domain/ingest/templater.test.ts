import { describe, expect, it } from "vitest";
import { RequestTemplater, type RoutedRequest, type TemplaterSpec } from "./templater";

/** Route every request, then resolve the deferred ones: what the traffic ingest does. */
function run(templater: RequestTemplater, requests: readonly [string, string][]): RoutedRequest[] {
  const first = requests.map(([m, p]) => {
    const hit = templater.match(m, p);
    if (!hit) templater.count(m, p);
    return hit;
  });
  templater.finish();
  return requests.map(([m, p], i) => first[i] ?? templater.resolve(m, p));
}
const keys = (routed: RoutedRequest[]) => [...new Set(routed.map((r) => r.template))].sort();

const GITHUB_LIKE: TemplaterSpec = {
  apiId: "api-1",
  basePaths: ["/api/v3"],
  operations: [
    { method: "GET", path: "/users/{username}" },
    { method: "GET", path: "/users/{username}/repos" },
    { method: "GET", path: "/repos/{owner}/{repo}" },
    { method: "GET", path: "/orgs/{org}/members" },
    { method: "POST", path: "/orgs/{org}/archive" },
  ],
};

const ASANA_LIKE: TemplaterSpec = {
  apiId: "api-2",
  basePaths: ["/api/1.0"],
  operations: [
    { method: "GET", path: "/projects" },
    { method: "GET", path: "/projects/{project_gid}" },
    { method: "PUT", path: "/projects/{project_gid}" },
    { method: "DELETE", path: "/projects/{project_gid}" },
    { method: "POST", path: "/projects/{project_gid}/duplicate" },
    { method: "POST", path: "/workspaces/{workspace_gid}/archive" },
  ],
};

describe("RequestTemplater with a spec", () => {
  it("templates an undocumented sub-resource with the spec's parameter, whatever the value looks like, after the base path", () => {
    const t = new RequestTemplater([GITHUB_LIKE]);
    const routed = run(t, [
      ["POST", "/api/v3/users/octocat/impersonate"],
      ["POST", "/api/v3/users/mojombo/impersonate"],
      ["POST", "/api/v3/users/defunkt/impersonate"],
      ["GET", "/api/v3/repos/acme-corp/rocket-engine/traffic/clones"],
      ["GET", "/api/v3/users/octocat"],
    ]);
    expect(routed.map((r) => r.template)).toEqual([
      "/users/{username}/impersonate",
      "/users/{username}/impersonate",
      "/users/{username}/impersonate",
      "/repos/{owner}/{repo}/traffic/clones",
      "/users/{username}",
    ]);
    expect(routed[0]).toMatchObject({ apiId: null, inferred: true, methodDocumented: false });
    expect(routed[0].reasons[0]).toMatch(/^segment 2 is the spec's \{username\}: 3 distinct value\(s\) in 3 call\(s\)$/);
    expect(routed[4]).toMatchObject({ apiId: "api-1", methodDocumented: true, inferred: false });
  });

  it("keeps a single repeated value posted next to a collection's parameter as a new endpoint, with its evidence", () => {
    const t = new RequestTemplater([ASANA_LIKE]);
    const requests: [string, string][] = [
      ...Array.from({ length: 12 }, (): [string, string] => ["POST", "/api/1.0/projects/bulk-delete"]),
      ...["1203948572", "1198273645", "1207765431", "1200019283", "1209988776"].map((id): [string, string] => ["PATCH", `/api/1.0/projects/${id}`]),
      ["GET", "/api/1.0/projects/1203948572"],
    ];
    const routed = run(t, requests);
    expect(keys(routed)).toEqual(["/projects/bulk-delete", "/projects/{project_gid}"]);
    const bulk = routed[0];
    expect(bulk).toMatchObject({ apiId: null, inferred: true, template: "/projects/bulk-delete" });
    expect(bulk.reasons).toEqual([
      'segment 2 "bulk-delete" is a new endpoint beside /projects/{project_gid}: 12 call(s) with this value; 6 distinct value(s) at this position in 17 call(s); the spec documents DELETE, GET, PUT on /projects/{project_gid}, not POST; the other values are seen 1 time(s) each (median); no other value at this position is called the same way; "bulk-delete" is made of path words',
    ]);
    // PATCH with a new value each time is the documented path with an undocumented method.
    expect(routed[12]).toMatchObject({ apiId: "api-2", template: "/projects/{project_gid}", methodDocumented: false, inferred: false });
    expect(routed[17]).toMatchObject({ apiId: "api-2", methodDocumented: true });
  });

  it("holds back a documented call whose value is a path word, and keeps it literal only when it repeats", () => {
    const t = new RequestTemplater([ASANA_LIKE]);
    const routed = run(t, [
      ...Array.from({ length: 14 }, (): [string, string] => ["GET", "/api/1.0/projects/export"]),
      ["GET", "/api/1.0/projects/platform-service"],
      ["GET", "/api/1.0/projects/mobile-service"],
      ["GET", "/api/1.0/projects/1203948572"],
    ]);
    expect(routed.map((r) => r.template)).toEqual([...Array(14).fill("/projects/export"), "/projects/{project_gid}", "/projects/{project_gid}", "/projects/{project_gid}"]);
    expect(routed[0]).toMatchObject({ apiId: null, inferred: true });
    expect(routed[0].reasons[0]).toBe(
      'segment 2 "export" is a new endpoint beside /projects/{project_gid}: 14 call(s) with this value; 3 distinct value(s) at this position in 16 call(s); the other values are seen 1 time(s) each (median); "export" is made of path words',
    );
    expect(routed.slice(14).every((r) => r.apiId === "api-2" && r.methodDocumented && !r.inferred)).toBe(true);
  });

  it("keeps a path word in the middle of a path as the spec's parameter", () => {
    const t = new RequestTemplater([ASANA_LIKE]);
    const routed = run(t, Array.from({ length: 5 }, (): [string, string] => ["POST", "/api/1.0/projects/mobile-service/duplicate"]));
    expect(keys(routed)).toEqual(["/projects/{project_gid}/duplicate"]);
    expect(routed[0]).toMatchObject({ apiId: "api-2", methodDocumented: true });
  });

  it("keeps a value that is a literal elsewhere in the spec, even called once", () => {
    const t = new RequestTemplater([ASANA_LIKE]);
    const routed = run(t, [["POST", "/api/1.0/projects/archive"], ["POST", "/api/1.0/projects/1203948572/archive"]]);
    expect(routed.map((r) => r.template)).toEqual(["/projects/archive", "/projects/{project_gid}/archive"]);
    expect(routed[0].reasons[0]).toContain('"archive" is a literal elsewhere in the spec');
  });

  it("keeps word-like identifiers as the spec's parameter when each call has its own value", () => {
    const t = new RequestTemplater([ASANA_LIKE]);
    const routed = run(t, ["website-redesign", "q3-launch", "acme-onboarding", "eu-west-1"].map((p): [string, string] => ["PATCH", `/api/1.0/projects/${p}`]));
    expect(keys(routed)).toEqual(["/projects/{project_gid}"]);
    expect(routed.every((r) => r.apiId === "api-2" && !r.methodDocumented)).toBe(true);
  });

  it("strips the spec's base path before inferring a path under no documented prefix", () => {
    const t = new RequestTemplater([ASANA_LIKE]);
    const routed = run(t, ["1203948572", "1198273645", "1207765431"].map((id): [string, string] => ["GET", `/api/1.0/internal/jobs/${id}`]));
    expect(keys(routed)).toEqual(["/internal/jobs/{id}"]);
  });
});

describe("RequestTemplater with enumerated path parameters", () => {
  it("routes a documented value to the operation and templates another word there as a new endpoint under the spec's parameters", () => {
    const spec: TemplaterSpec = {
      apiId: "jit",
      basePaths: [""],
      operations: [
        { method: "POST", path: "/locations/{location}/jitNetworkAccessPolicies/{policy}/{initiateType}", pathEnums: { initiateType: ["initiate"] } },
        { method: "GET", path: "/locations/{location}/jitNetworkAccessPolicies/{policy}" },
      ],
    };
    const routed = run(new RequestTemplater([spec]), [
      ["POST", "/locations/eu-west-2/jitNetworkAccessPolicies/wayne-billing-dev/initiate"],
      ["POST", "/locations/westus/jitNetworkAccessPolicies/website-7/initiate"],
      ["POST", "/locations/eastus/jitNetworkAccessPolicies/acme-docs/Initiate"],
      ["POST", "/locations/westus/jitNetworkAccessPolicies/website-7/impersonate"],
      ["POST", "/locations/ap-northeast-1/jitNetworkAccessPolicies/payments-2/impersonate/"],
      ["POST", "/locations/eastus/jitNetworkAccessPolicies/acme-docs/impersonate"],
    ]);
    // The documented value is a path word, but the spec enumerates it: routed at once, never pooled with the sibling.
    for (const r of routed.slice(0, 3)) expect(r).toMatchObject({ apiId: "jit", template: "/locations/{location}/jitNetworkAccessPolicies/{policy}/{initiateType}", methodDocumented: true, inferred: false });
    for (const r of routed.slice(3)) expect(r).toMatchObject({ template: "/locations/{location}/jitNetworkAccessPolicies/{policy}/impersonate", inferred: true });
  });
});

describe("RequestTemplater with stored endpoints", () => {
  it("routes to a stored template and reuses its parameter for a new method and a new sub-resource", () => {
    const stored = [{ method: "GET", path: "/teams/{team}" }, { method: "GET", path: "/teams/platform" }];
    const t = new RequestTemplater([], stored);
    const routed = run(t, [
      ["GET", "/teams/data-eng"],
      ["GET", "/teams/platform"],
      ["DELETE", "/teams/sre-oncall"],
      ["GET", "/teams/growth/members"],
    ]);
    expect(routed.map((r) => r.template)).toEqual(["/teams/{team}", "/teams/platform", "/teams/{team}", "/teams/{team}/members"]);
    expect(routed[0]).toMatchObject({ methodDocumented: true, inferred: false });
  });
});
