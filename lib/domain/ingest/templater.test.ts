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

  it("keeps an enumerated value the parameter's for an undocumented method and for a sub-resource (Stoplight's export/{format})", () => {
    const spec: TemplaterSpec = {
      apiId: "stoplight",
      basePaths: [""],
      operations: [{ method: "GET", path: "/versions/{versionId}/export/{format}", pathEnums: { format: ["oas.json", "oas.yaml", "stoplight.yaml", "raml08.yaml"] } }],
    };
    const requests: [string, string][] = [];
    const versions = ["v_8Hq2LxKd", "v_Zr41mNo0", "v_a9Kp3TqW", "v_Qx7Lm2Rb", "v_Jn5Wc8Ye", "v_Tb6Hs1Uv"];
    for (const [i, format] of ["oas.json", "oas.yaml", "stoplight.yaml", "raml08.yaml", "oas.yaml", "oas.json"].entries()) {
      requests.push(["DELETE", `/versions/${versions[i]}/export/${format}`], ["DELETE", `/versions/${versions[(i + 1) % 6]}/export/${format}`]);
      if (format === "raml08.yaml") requests.push(["GET", `/versions/${versions[i]}/export/${format}/history`]);
    }
    const routed = run(new RequestTemplater([spec]), requests);
    for (const r of routed.filter((_, i) => requests[i][0] === "DELETE")) expect(r).toMatchObject({ apiId: "stoplight", template: "/versions/{versionId}/export/{format}", methodDocumented: false });
    expect(routed.filter((r) => r.template.endsWith("/history"))).toEqual([expect.objectContaining({ apiId: null, template: "/versions/{versionId}/export/{format}/history", inferred: true })]);
  });
});

describe("RequestTemplater with numeric path parameters", () => {
  it("routes numbers to the operation and templates a word at that position as a new endpoint (Bungie's {membershipType} of type integer)", () => {
    const spec: TemplaterSpec = {
      apiId: "bungie",
      basePaths: ["/Platform"],
      operations: [
        { method: "GET", path: "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", pathTypes: { membershipType: "integer", destinyMembershipId: "integer" } },
        { method: "GET", path: "/Destiny2/{membershipType}/Account/{destinyMembershipId}/Stats", pathTypes: { membershipType: "integer", destinyMembershipId: "integer" } },
        { method: "GET", path: "/Destiny2/Manifest" },
      ],
    };
    const routed = run(new RequestTemplater([spec]), [
      ["GET", "/Platform/Destiny2/3/Profile/4611686018467284386"],
      ["GET", "/Platform/Destiny2/1/Profile/4611686018429681104"],
      ["GET", "/Platform/Destiny2/2/Account/4611686018471516071/Stats"],
      ["GET", "/Platform/Destiny2/Clan/4611686018467284386"],
      ["GET", "/Platform/Destiny2/Clan/4611686018429681104"],
      ["GET", "/Platform/Destiny2/Clan/4611686018471516071"],
      // Undocumented sub-resources through the numeric parameter: its values are seen at that position too.
      ["GET", "/Platform/Destiny2/3/Account/4611686018467284386/Character"],
      ["GET", "/Platform/Destiny2/1/Account/4611686018429681104/Character"],
      ["GET", "/Platform/Destiny2/2/Account/4611686018471516071/Character"],
    ]);
    expect(routed.slice(0, 3).map((r) => [r.apiId, r.template, r.inferred])).toEqual([
      ["bungie", "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", false],
      ["bungie", "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", false],
      ["bungie", "/Destiny2/{membershipType}/Account/{destinyMembershipId}/Stats", false],
    ]);
    for (const r of routed.slice(3, 6)) expect(r).toMatchObject({ apiId: null, template: "/Destiny2/Clan/{id}", inferred: true });
    for (const r of routed.slice(6)) expect(r).toMatchObject({ apiId: null, template: "/Destiny2/{membershipType}/Account/{destinyMembershipId}/Character", inferred: true });
  });
});

describe("RequestTemplater with a leading path parameter", () => {
  it("keeps the spec's leading parameter for an undocumented sub-resource, and leaves paths without the spec's structure out of it (chain49)", () => {
    const spec: TemplaterSpec = {
      apiId: "chain49",
      basePaths: [""],
      operations: [
        { method: "GET", path: "/{blockchain}" },
        { method: "GET", path: "/{blockchain}/v2/balancehistory/{addressOrXpub}" },
        { method: "GET", path: "/{blockchain}/v2/utxo/{addressOrXpub}" },
      ],
    };
    const routed = run(new RequestTemplater([spec]), [
      ["GET", "/bitcoin/v2/balancehistory/bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"],
      ["GET", "/heidi/v2/balancehistory/998/debug"],
      ["GET", "/hana_haddad/v2/balancehistory/vandelay-catalog/debug"],
      ["GET", "/litecoin/v2/balancehistory/ltc1qg82h7vh2k3kqvk6yl0j5vqqxrkqyrlxxz4ws5a/debug"],
      ["GET", "/dogecoin/v2/utxo/D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD/debug"],
      ["POST", "/legacy/tenants"],
      ["POST", "/legacy/tenants"],
      ["GET", "/legacy/tenants/acme-corp"],
      ["GET", "/legacy/tenants/globex"],
      ["GET", "/legacy/tenants/initech-prod"],
    ]);
    expect(routed[0]).toMatchObject({ apiId: "chain49", template: "/{blockchain}/v2/balancehistory/{addressOrXpub}", inferred: false });
    for (const r of routed.slice(1, 4)) expect(r).toMatchObject({ apiId: null, template: "/{blockchain}/v2/balancehistory/{addressOrXpub}/debug", inferred: true });
    expect(routed[4]).toMatchObject({ apiId: null, template: "/{blockchain}/v2/utxo/{addressOrXpub}/debug", inferred: true });
    expect(routed[5]).toMatchObject({ apiId: null, template: "/legacy/tenants", inferred: true });
    for (const r of routed.slice(7)) expect(r).toMatchObject({ apiId: null, template: "/legacy/tenants/{tenant}", inferred: true });
  });

  it("after a base path, keeps a repeated first segment followed by what no other value is out of the leading parameter (Mercedes-Benz's /{finorvin}/…)", () => {
    const spec: TemplaterSpec = {
      apiId: "image",
      basePaths: ["/image_tryout/v1/vehicles"],
      operations: [{ method: "GET", path: "/{finorvin}" }, { method: "GET", path: "/{finorvin}/components" }],
    };
    const vins = ["WDD2221761A302461", "WDB1240261A563174", "mirek76", "WDD2053431F759027", "acme-fleet-3", "WDC1641221A440523"];
    const requests: [string, string][] = [];
    for (const [i, vin] of vins.entries()) {
      requests.push(["GET", `/image_tryout/v1/vehicles/${vin}/internal-notes`], ["POST", "/image_tryout/v1/vehicles/backoffice/payouts"]);
      if (i % 2) requests.push(["POST", "/image_tryout/v1/vehicles/backoffice/payouts"]);
    }
    const routed = run(new RequestTemplater([spec]), requests);
    expect(keys(routed)).toEqual(["/backoffice/payouts", "/{finorvin}/internal-notes"]);
  });
});

describe("RequestTemplater with a spec whose paths start with parameters (AWS S3's /{Bucket}/{Key})", () => {
  // Fragment-keyed siblings of the plain paths, listed first: the plain path is the template of its methods.
  const S3_LIKE: TemplaterSpec = {
    apiId: "s3",
    basePaths: [""],
    operations: [
      { method: "GET", path: "/{Bucket}#tagging" },
      { method: "PUT", path: "/{Bucket}#tagging" },
      { method: "DELETE", path: "/{Bucket}#tagging" },
      { method: "GET", path: "/{Bucket}" },
      { method: "HEAD", path: "/{Bucket}" },
      { method: "PUT", path: "/{Bucket}" },
      { method: "DELETE", path: "/{Bucket}" },
      { method: "POST", path: "/{Bucket}/{Key}#uploads" },
      { method: "GET", path: "/{Bucket}/{Key}#uploadId" },
      { method: "DELETE", path: "/{Bucket}/{Key}#uploadId" },
      { method: "GET", path: "/{Bucket}/{Key}" },
      { method: "HEAD", path: "/{Bucket}/{Key}" },
      { method: "PUT", path: "/{Bucket}/{Key}" },
      { method: "DELETE", path: "/{Bucket}/{Key}" },
    ],
  };
  // Bucket names made of path words ("mobile-service") are held back as possible new literals; the other values make
  // the first position a parameter for the inferrer, which pools the held-back calls with them.
  const BUCKETS = ["acme-corp", "mobile-service", "billing-service", "platform-service", "search-service", "payments-service"];
  const KEYS = ["report.pdf", "mwtYL8rN5Cq9SDfMetoM7", "invoice-2024-0117.csv", "EebUfg0dB6DcvU0ijddDs", "P4R9Vad7HPsWbiGDyVb9uB", "9gCC3csg8ODV8AsRn834yu"];
  const users = Array.from({ length: 32 }, (_, i) => `${["jonas", "lena", "mirek", "nia"][i % 4]}${i + 10}`);

  it("routes documented calls with word-like bucket and key values to the spec's templates, not to an inferred endpoint beside them", () => {
    const requests: [string, string][] = users.map((u) => ["PATCH", `/${u}`]);
    for (const [i, bucket] of BUCKETS.entries()) {
      for (const method of ["GET", "HEAD", "PUT", "DELETE"]) requests.push([method, `/${bucket}`]);
      for (const [j, method] of ["GET", "PUT", "DELETE"].entries()) requests.push([method, `/${bucket}/${j === 0 ? KEYS[i] : `${KEYS[i]}-${j}`}`]);
    }
    const routed = run(new RequestTemplater([S3_LIKE]), requests);
    expect(keys(routed)).toEqual(["/{Bucket}", "/{Bucket}/{Key}"]);
    for (const [i, r] of routed.entries()) {
      // The spec has the path, not the method: a method-level shadow of the API, on the spec's template.
      if (i < users.length) expect(r).toMatchObject({ apiId: "s3", template: "/{Bucket}", methodDocumented: false, inferred: false });
      else expect(r).toMatchObject({ apiId: "s3", methodDocumented: true, inferred: false });
    }
  });

  it("keeps a word-like bucket called with a few keys the spec's {Bucket}, not a new collection beside it", () => {
    const requests: [string, string][] = BUCKETS.flatMap((bucket, i): [string, string][] => [
      ["GET", `/${bucket}`],
      ["PUT", `/${bucket}/${KEYS[i]}`],
      ["GET", `/${bucket}/${KEYS[(i + 1) % KEYS.length]}`],
      ["DELETE", `/${bucket}/${KEYS[(i + 2) % KEYS.length]}`],
    ]);
    const routed = run(new RequestTemplater([S3_LIKE]), requests);
    expect(keys(routed)).toEqual(["/{Bucket}", "/{Bucket}/{Key}"]);
    for (const r of routed) expect(r).toMatchObject({ apiId: "s3", methodDocumented: true, inferred: false });
  });

  it("still makes a word called after every bucket a new endpoint beside the documented /{Bucket}/{Key}", () => {
    const requests: [string, string][] = users.map((u) => ["PATCH", `/${u}`]);
    for (const u of users.slice(0, 12)) requests.push(["GET", `/${u}/export`]);
    for (const [i, bucket] of BUCKETS.entries()) requests.push(["GET", `/${bucket}/export`], ["PUT", `/${bucket}/${KEYS[i]}`]);
    const routed = run(new RequestTemplater([S3_LIKE]), requests);
    for (const [i, r] of routed.entries()) {
      const [method, path] = requests[i];
      if (path.endsWith("/export")) expect(r).toMatchObject({ apiId: null, template: "/{param}/export", inferred: true });
      else if (method === "PUT") expect(r).toMatchObject({ apiId: "s3", template: "/{Bucket}/{Key}", methodDocumented: true, inferred: false });
    }
  });
});

describe("RequestTemplater where the spec names every word of a position", () => {
  it("keeps undocumented operation names literal where the spec has only literals (SportsData's /{format}/Stadiums beside /{format}/Players)", () => {
    const spec: TemplaterSpec = {
      apiId: "nfl",
      basePaths: ["/v3/nfl/stats"],
      operations: [
        { method: "GET", path: "/{format}/Players", pathEnums: { format: ["XML", "JSON"] } },
        { method: "GET", path: "/{format}/Teams", pathEnums: { format: ["XML", "JSON"] } },
        { method: "GET", path: "/{format}/Player/{playerid}", pathEnums: { format: ["XML", "JSON"] } },
      ],
    };
    const players = ["otto80", "acme-corp", "68933", "nia_okafor", "jonas42", "heidi", "1299056", "octocat", "mirek76", "dave-muller", "erin", "4411"];
    const seasons = ["2023REG", "2024POST", "2022", "2025PRE", "2021REG", "2024", "2019POST", "2020REG", "2023", "2018PRE", "2017REG", "2016"];
    const requests: [string, string][] = [];
    for (let i = 0; i < 12; i++) {
      const format = i % 3 ? "JSON" : "XML";
      requests.push(
        ["GET", `/v3/nfl/stats/${format}/PlayerSeasonStats/${players[i]}`],
        ["GET", `/v3/nfl/stats/${format}/PlayerSeasonStatsByPlayer/${seasons[i]}/${players[(i + 5) % 12]}`],
        ["GET", `/v3/nfl/stats/${format}/GamesByDate/2025-0${1 + (i % 9)}-1${i % 10}`],
        ["GET", `/v3/nfl/stats/${format}/LiveBoxScores`],
        ["GET", `/v3/nfl/stats/${format}/AreAnyGamesInProgress`],
      );
    }
    const routed = run(new RequestTemplater([spec]), requests);
    expect(keys(routed)).toEqual(["/{format}/AreAnyGamesInProgress", "/{format}/GamesByDate/{date}", "/{format}/LiveBoxScores", "/{format}/PlayerSeasonStats/{PlayerSeasonStat}", "/{format}/PlayerSeasonStatsByPlayer/{token}/{param}"]);
    for (const r of routed) expect(r).toMatchObject({ apiId: null, inferred: true });
  });
});

describe("RequestTemplater with custom methods", () => {
  it("templates an undocumented custom method with the spec's parameter and its suffix (Google's {name}:verb)", () => {
    const spec: TemplaterSpec = {
      apiId: "domains",
      basePaths: [""],
      operations: [
        { method: "GET", path: "/v1beta1/{name}" },
        { method: "PATCH", path: "/v1beta1/{name}" },
        { method: "POST", path: "/v1beta1/{name}:export" },
        { method: "POST", path: "/v1beta1/{registration}:configureContactSettings" },
      ],
    };
    const routed = run(new RequestTemplater([spec]), [
      ["POST", "/v1beta1/erin:configureDnsSettings"],
      ["POST", "/v1beta1/mobile-6:configureDnsSettings?fields=id,name"],
      ["POST", "/v1beta1/projects%2Facme%2Flocations%2Fglobal%2Fregistrations%2Facme.dev:configureDnsSettings"],
      ["POST", "/v1beta1/hooli-frontend-2:export"],
      ["GET", "/v1beta1/hooli-frontend-2"],
    ]);
    for (const r of routed.slice(0, 3)) expect(r).toMatchObject({ apiId: null, template: "/v1beta1/{name}:configureDnsSettings", inferred: true, methodDocumented: false });
    expect(routed[3]).toMatchObject({ apiId: "domains", template: "/v1beta1/{name}:export", inferred: false });
    expect(routed[4]).toMatchObject({ apiId: "domains", template: "/v1beta1/{name}", inferred: false });
  });
});

describe("RequestTemplater with a hidden operation under a parameter", () => {
  it("makes a repeated path word followed by what no other value is an endpoint of its own (GoDaddy's /v1/domains/contacts/validate beside /v1/domains/{domain})", () => {
    const spec: TemplaterSpec = {
      apiId: "godaddy",
      basePaths: [""],
      operations: [
        { method: "GET", path: "/v1/domains/{domain}" },
        { method: "GET", path: "/v1/domains/{domain}/records" },
      ],
    };
    const domains = ["acme-corp.com", "globex.io", "initech.dev", "hooli.net", "umbrella.org", "wayne-billing.com", "stark.io", "tyrell.ai"];
    const requests: [string, string][] = [];
    for (const [i, d] of domains.entries()) {
      requests.push(["PATCH", `/v1/domains/${d}/records`], ["POST", "/v1/domains/contacts/validate"]);
      if (i % 2) requests.push(["POST", "/v1/domains/contacts/validate"]);
      requests.push(["PUT", `/v1/domains/${d}/privacy`]);
    }
    const routed = run(new RequestTemplater([spec]), requests);
    expect(keys(routed)).toEqual(["/v1/domains/contacts/validate", "/v1/domains/{domain}/privacy", "/v1/domains/{domain}/records"]);
    const validate = routed.find((r) => r.template === "/v1/domains/contacts/validate");
    expect(validate?.reasons.join(" ")).toMatch(/segment 3 "contacts" is a new endpoint beside \/v1\/domains\/\{domain\}: 12 call\(s\) with this value/);
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

describe("RequestTemplater without a spec: the statistics of a position", () => {
  const times = (n: number, req: [string, string]): [string, string][] => Array.from({ length: n }, () => req);

  it("keeps a handful of codes each called many times and followed by the same word literal (API Setu's /sbigeneral/v3/cvipc/certificate)", () => {
    const routed = run(new RequestTemplater([]), [
      ...times(31, ["POST", "/sbigeneral/v3/tripc/certificate"]),
      ...times(20, ["POST", "/sbigeneral/v3/cripc/certificate"]),
      ...times(13, ["POST", "/sbigeneral/v3/cvipc/certificate"]),
      ...times(10, ["DELETE", "/sbigeneral/v3/cvipc/certificate"]),
      ...times(10, ["POST", "/sbigeneral/v3/hlipc/certificate"]),
      ...times(11, ["POST", "/sbigeneral/v3/twipc/certificate"]),
      ...times(24, ["POST", "/sbigeneral/v3/backoffice/jobs"]),
    ]);
    expect(keys(routed)).toEqual([
      "/sbigeneral/v3/backoffice/jobs",
      "/sbigeneral/v3/cripc/certificate",
      "/sbigeneral/v3/cvipc/certificate",
      "/sbigeneral/v3/hlipc/certificate",
      "/sbigeneral/v3/tripc/certificate",
      "/sbigeneral/v3/twipc/certificate",
    ]);
  });

  it("still makes repeated regions followed by the same collection one parameter (Azure's fabricLocations/{location}/infraRoleInstances)", () => {
    const regions = ["us-east-1", "us-east-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1", "westeurope", "northeurope", "asia-east1", "us-central1", "sa-east-1", "ca-central-1"];
    const instances = ["dara", "payments-service", "85820", "docs-5", "ursula-tanaka", "billing-service", "38210", "zoe_haddad"];
    const requests: [string, string][] = [];
    for (let i = 0; i < 60; i++) requests.push(["GET", `/admin/fabricLocations/${regions[i % regions.length]}/infraRoleInstances/${instances[i % instances.length]}`]);
    const routed = run(new RequestTemplater([]), requests);
    expect(keys(routed).every((t) => t.startsWith("/admin/fabricLocations/{fabricLocation}/infraRoleInstances/"))).toBe(true);
  });

  it("keeps Pascal-case operation names literal beside their own parameters (SportsData's /v3/mlb/stats/JSON/PlayerSeasonStats/2024)", () => {
    const ops = ["AllTeams", "HitterVsPitcher", "CurrentSeason", "FreeAgents", "News", "Players", "Standings", "BoxScores", "GamesByDate", "PlayerSeasonStats", "PlayerSeasonStatsSplitByTeam", "NewsByPlayerID", "TeamSeasonStats"];
    const withValue = new Set(["BoxScores", "GamesByDate", "PlayerSeasonStats", "PlayerSeasonStatsSplitByTeam", "NewsByPlayerID", "TeamSeasonStats", "Standings"]);
    const values = ["2024", "acme-backend", "lena62", "88213", "tyrell-corp", "platform-4"];
    const requests: [string, string][] = [];
    ops.forEach((op, i) => {
      for (let k = 0; k < 1 + (i % 3); k++) {
        const value = values[(i + k) % values.length];
        requests.push(["GET", withValue.has(op) ? `/v3/mlb/stats/JSON/${op}/${value}` : `/v3/mlb/stats/JSON/${op}`]);
      }
    });
    const templates = keys(run(new RequestTemplater([]), requests));
    expect(templates).toContain("/v3/mlb/stats/JSON/CurrentSeason");
    expect(templates).toContain("/v3/mlb/stats/JSON/AllTeams");
    expect(templates.some((t) => t.startsWith("/v3/mlb/stats/JSON/{"))).toBe(false);
  });
});
