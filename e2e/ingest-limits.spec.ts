// The ingest API refuses oversized uploads with 413 before reading them, and
// bad input with a clear error, through a bearer token of scope `ingest`.
import http from "node:http";
import { expect, test } from "@playwright/test";
import { authFile, SIGNED_OUT } from "./helpers";

test.use({ storageState: authFile("admin") });

async function ingestToken(request: import("@playwright/test").APIRequestContext, scopes: string[]): Promise<string> {
  const res = await request.post("/api/v1/tokens", { data: { name: `e2e-${scopes.join("-")}-${Date.now()}`, scopes, expiresInDays: 7 } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

function rawPost(baseURL: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, baseURL);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: "POST", headers }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("error", reject);
    req.write(body);
    // Do not send the rest: a server that waited for 3 GB would hang here.
    setTimeout(() => req.destroy(), 15_000);
  });
}

test("a 3 GB traffic upload is refused with 413 before it is read", async ({ request, baseURL }) => {
  const token = await ingestToken(request, ["ingest"]);
  const res = await rawPost(baseURL ?? "", "/api/v1/ingest/traffic?app=e2e-limits", { authorization: `Bearer ${token}`, "content-length": String(3 * 1024 ** 3), "content-type": "text/plain" }, "x".repeat(1024));
  expect(res.status).toBe(413);
  expect(JSON.parse(res.body).error).toMatch(/larger than the limit/);
});

test("the ingest API needs a token with the ingest scope and answers bad input clearly", async ({ request, playwright, baseURL }) => {
  const readOnly = await ingestToken(request, ["read"]);
  const ingest = await ingestToken(request, ["ingest"]);
  const anon = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  expect((await anon.post("/api/v1/ingest/openapi?app=e2e-limits", { data: "openapi: 3.0.0" })).status()).toBe(401);
  expect((await anon.post("/api/v1/ingest/openapi?app=e2e-limits", { data: "openapi: 3.0.0", headers: { authorization: `Bearer ${readOnly}` } })).status()).toBe(403);
  const truncated = await anon.post("/api/v1/ingest/openapi?app=e2e-limits", { data: '{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{', headers: { authorization: `Bearer ${ingest}`, "content-type": "application/json" } });
  expect(truncated.status()).toBe(422);
  const summary = (await truncated.json()) as { status: string; errors: { location: string; reason: string }[] };
  expect(summary.status).toBe("failed");
  expect(summary.errors[0].reason.length).toBeGreaterThan(5);
  const unknownKind = await anon.post("/api/v1/ingest/pdf?app=e2e-limits", { data: "x", headers: { authorization: `Bearer ${ingest}` } });
  expect(unknownKind.status()).toBe(404);
  const badSlug = await anon.post("/api/v1/ingest/sbom?app=Not%20A%20Slug", { data: "{}", headers: { authorization: `Bearer ${ingest}` } });
  expect(badSlug.status()).toBe(400);
  await anon.dispose();
});
