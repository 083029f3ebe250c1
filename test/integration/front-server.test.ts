// The front process of `npm start`: bearer-token decisions answered in process with the route's own
// authentication and permission, everything else proxied unchanged to the application server (a real
// HTTP server stands in for `next start` and records what reached it).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apiTokens, applications, dependencies, providers, users } from "@/db/schema";
import { generateApiToken } from "@/lib/domain/auth/api-token";
import { eq } from "drizzle-orm";
import { createFrontServer } from "@/lib/server/edge/front";
import { applyPolicyFile } from "@/lib/server/policies/store";
import { useTestDatabase } from "../db";

let handle: DatabaseHandle;
let upstream: http.Server;
let front: http.Server;
let base = "";
const seen: { method: string; url: string; forwardedFor: string | undefined; body: string }[] = [];
const readToken = generateApiToken();
const ingestToken = generateApiToken();

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

beforeAll(async () => {
  handle = await useTestDatabase();
  const db = handle.db;
  const [user] = await db.insert(users).values({ email: "front@test", name: "Front", role: "developer" }).returning({ id: users.id });
  await db.insert(apiTokens).values([
    { name: "read", prefix: readToken.prefix, tokenHash: readToken.hash, scopes: ["read"], createdById: user.id },
    { name: "ingest", prefix: ingestToken.prefix, tokenHash: ingestToken.hash, scopes: ["ingest"], createdById: user.id },
  ]);
  const [app] = await db.insert(applications).values({ slug: "payouts", name: "Payouts", criticality: 1 }).returning({ id: applications.id });
  const [stripe] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
  await db.insert(dependencies).values({ applicationId: app.id, targetKind: "provider", providerId: stripe.id, host: "api.stripe.com", hosts: ["api.stripe.com"], sources: ["traffic"] });
  await applyPolicyFile(db, { label: "test", role: "admin" }, { policies: [{ name: "Quarantine stripe for payouts", action: "quarantine", conditions: { all: [{ field: "provider.slug", op: "eq", value: "stripe" }, { field: "application.slug", op: "eq", value: "payouts" }] } }] });

  upstream = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", forwardedFor: req.headers["x-forwarded-for"] as string | undefined, body });
      res.writeHead(207, { "content-type": "text/plain", "x-upstream": "next" });
      res.end(`upstream saw ${req.method} ${req.url}`);
    });
  });
  const upstreamPort = await listen(upstream);
  front = createFrontServer({ handle, upstreamPort });
  base = `http://127.0.0.1:${await listen(front)}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => front?.close(r));
  await new Promise((r) => upstream?.close(r));
});

describe("the front process", () => {
  it("answers a bearer-token decision itself, as the route would", async () => {
    const before = seen.length;
    const res = await fetch(`${base}/api/v1/decisions?app=payouts&host=API.stripe.com:443`, { headers: { authorization: `Bearer ${readToken.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, max-age=60");
    expect(await res.json()).toMatchObject({ decision: "quarantine", policy: { name: "Quarantine stripe for payouts" }, host: "api.stripe.com", provider: "stripe", known: true });
    expect(seen.length).toBe(before);
  });

  it("refuses a bad token (401) and a token without the read scope (403), and validates the query", async () => {
    expect((await fetch(`${base}/api/v1/decisions?app=payouts&host=api.stripe.com`, { headers: { authorization: "Bearer sib_not-a-real-token" } })).status).toBe(401);
    const forbidden = await fetch(`${base}/api/v1/decisions?app=payouts&host=api.stripe.com`, { headers: { authorization: `Bearer ${ingestToken.token}` } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: "forbidden", required: "policies.read" });
    const missing = await fetch(`${base}/api/v1/decisions?app=payouts`, { headers: { authorization: `Bearer ${readToken.token}` } });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "validation failed", fieldErrors: { host: ["host is required"] } });
    expect((await fetch(`${base}/api/v1/decisions?app=nope&host=api.stripe.com`, { headers: { authorization: `Bearer ${readToken.token}` } })).status).toBe(404);
  });

  it("proxies everything else unchanged, with the client's address, bodies included", async () => {
    const page = await fetch(`${base}/overview?x=1`);
    expect(page.status).toBe(207);
    expect(page.headers.get("x-upstream")).toBe("next");
    expect(await page.text()).toBe("upstream saw GET /overview?x=1");
    // Session callers of the decision route (no bearer token) go to the route itself.
    await fetch(`${base}/api/v1/decisions?app=payouts&host=api.stripe.com`, { headers: { cookie: "session=abc" } });
    await fetch(`${base}/api/v1/ingest/traffic?app=payouts`, { method: "POST", headers: { authorization: `Bearer ${ingestToken.token}` }, body: "line one\nline two\n" });
    const forwarded = seen.slice(-3);
    expect(forwarded.map((s) => `${s.method} ${s.url}`)).toEqual(["GET /overview?x=1", "GET /api/v1/decisions?app=payouts&host=api.stripe.com", "POST /api/v1/ingest/traffic?app=payouts"]);
    expect(forwarded[2].body).toBe("line one\nline two\n");
    expect(forwarded.every((s) => s.forwardedFor === "127.0.0.1")).toBe(true);
  });

  it("says so when the application server is down", async () => {
    const lonely = createFrontServer({ handle, upstreamPort: 1 });
    const port = await listen(lonely);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/overview`);
      expect(res.status).toBe(502);
    } finally {
      await new Promise((r) => lonely.close(r));
    }
  });
});
