// The decision point and the CI gate over HTTP, as a gateway and a pipeline use them: a `read`
// token, GET /api/v1/decisions, and `sibyl gate --server … --token …` (exit 0, then 3 with SARIF
// naming the provider and the policy once a policy quarantines it, 1 for an unknown application).
import { spawnSync } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { authFile, unique } from "./helpers";

test.use({ storageState: authFile("admin") });

async function readToken(request: APIRequestContext): Promise<{ token: string; id: string }> {
  const res = await request.post("/api/v1/tokens", { data: { name: unique("e2e-gate"), scopes: ["read"], expiresInDays: 7 } });
  expect(res.status()).toBe(201);
  return (await res.json()) as { token: string; id: string };
}

function gate(args: string[]) {
  // No DATABASE_URL: with --server the command only talks HTTP.
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const r = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", "gate", ...args], { encoding: "utf8", env, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("a gateway asks the decision point and a pipeline runs the gate against the server", async ({ request, playwright, baseURL }) => {
  test.setTimeout(240_000);
  const { token, id: tokenId } = await readToken(request);
  const bearer = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` }, storageState: { cookies: [], origins: [] } });
  let policyId: string | null = null;
  try {
    const answer = await bearer.get("/api/v1/decisions?app=status-page&host=api.pagerduty.com");
    expect(answer.status()).toBe(200);
    expect(await answer.json()).toMatchObject({ decision: "allow", provider: "pagerduty", host: "api.pagerduty.com", known: true, ttlSeconds: 60 });
    const unknownHost = await (await bearer.get("/api/v1/decisions?app=status-page&host=never-seen.example.org")).json();
    expect(unknownHost).toMatchObject({ target: "unclassified", known: false });
    expect((await bearer.get("/api/v1/decisions?app=no-such-app&host=api.pagerduty.com")).status()).toBe(404);
    expect((await bearer.get("/api/v1/decisions?app=status-page")).status()).toBe(400);
    const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    expect((await anonymous.get("/api/v1/decisions?app=status-page&host=api.pagerduty.com")).status()).toBe(401);

    const passing = gate(["--app", "status-page", "--server", baseURL ?? "", "--token", token, "--format", "json"]);
    expect(passing.err).toBe("");
    expect(passing.code).toBe(0);
    expect(JSON.parse(passing.out)).toMatchObject({ application: "status-page", exitCode: 0 });

    const created = await request.post("/api/v1/policies/quarantine", { data: { provider: "pagerduty", application: "status-page", justification: "e2e: the gate must fail on a quarantined provider" } });
    expect(created.status()).toBe(201);
    policyId = ((await created.json()) as { id: string }).id;
    await expect.poll(async () => (await (await bearer.get("/api/v1/decisions?app=status-page&host=api.pagerduty.com")).json()).decision).toBe("quarantine");

    const failing = gate(["--app", "status-page", "--server", baseURL ?? "", "--token", token, "--format", "sarif"]);
    expect(failing.code).toBe(3);
    const sarif = JSON.parse(failing.out) as { version: string; runs: { results: { level: string; message: { text: string } }[] }[] };
    expect(sarif.version).toBe("2.1.0");
    const result = sarif.runs[0].results.find((r) => r.message.text.includes("PagerDuty"));
    expect(result?.level).toBe("error");
    expect(result?.message.text).toContain("Quarantine pagerduty for status-page");

    const unknownApp = gate(["--app", "no-such-app", "--server", baseURL ?? "", "--token", token]);
    expect(unknownApp.code).toBe(1);
    expect(unknownApp.err).toMatch(/No application "no-such-app"/);
  } finally {
    if (policyId) expect((await request.delete(`/api/v1/policies/${policyId}`)).status()).toBe(200);
    await request.delete(`/api/v1/tokens/${tokenId}`);
  }
});
