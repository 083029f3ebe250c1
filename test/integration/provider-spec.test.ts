import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, findings, ingestRuns, providers, providerSpecs } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { ingestProviderSpec } from "@/lib/server/ingest/provider-spec";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { useTestDatabase } from "../db";

const SPEC = fs.readFileSync("test/fixtures/ingest/stripe-provider-spec.yaml", "utf8");
const actor: Actor = { label: "test", role: "admin" };
const now = new Date("2026-11-25T00:00:00Z");
let db: Db;
let stripeId = "";
const ctx = () => ({ db, actor, trigger: "test", now });

/** A HAR of outbound calls made by the checkout application, one entry per [method, url]. */
function har(calls: [string, string][]): string {
  const entries = calls.map(([method, url], i) => ({
    startedDateTime: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
    time: 30,
    request: { method, url, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
    response: { status: 200, statusText: "", httpVersion: "HTTP/1.1", headers: [], cookies: [], content: { size: 0, mimeType: "application/json" }, redirectURL: "", headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 1, wait: 28, receive: 1 },
  }));
  return JSON.stringify({ log: { version: "1.2", creator: { name: "sibyl-tests", version: "1" }, entries } });
}

const TRAFFIC = har([
  ["GET", "https://api.stripe.com/v1/recipients/rp_123"],
  ["GET", "https://api.stripe.com/v1/recipients/rp_123?expand[]=account"],
  ["GET", "https://api.stripe.com/v1/recipients/rp_456"],
  // The literal path of a current operation must not be taken for the deprecated {id} template.
  ["GET", "https://api.stripe.com/v1/recipients/search"],
  ["GET", "https://api.stripe.com/v1/recipients/search?query=x"],
  // The same template with a method that is not deprecated.
  ["DELETE", "https://api.stripe.com/v1/recipients/rp_789"],
  ["POST", "https://api.stripe.com/v1/charges"],
  ["GET", "https://api.stripe.com/v1/charges/ch_1"],
]);

function stream(text: string) {
  return (async function* () {
    yield Buffer.from(text);
  })();
}

async function snapshot() {
  const specs = await db.select({ providerId: providerSpecs.providerId, contentHash: providerSpecs.contentHash, version: providerSpecs.version, ingestRunId: providerSpecs.ingestRunId }).from(providerSpecs);
  const [{ n }] = await db.select({ n: count() }).from(findings);
  return { specs, findings: n };
}

const deprecatedFindings = () =>
  db
    .select({ id: findings.id, title: findings.title, sampleCount: findings.sampleCount, owasp: findings.owaspCategory, severity: findings.severity, status: findings.status, detail: findings.detail, providerId: findings.providerId, lastIngestRunId: findings.lastIngestRunId })
    .from(findings)
    .where(eq(findings.kind, "deprecated_provider_endpoint"));

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const [stripe] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
  stripeId = stripe.id;
});

describe("provider spec ingest", () => {
  it("refuses an unknown provider slug and stores nothing", async () => {
    const summary = await ingestProviderSpec(ctx(), { text: SPEC, providerSlug: "strype", sourceName: "spec.yaml" });
    expect(summary.status).toBe("failed");
    expect(summary.failure).toBe("invalid");
    expect(summary.errors[0]).toMatchObject({ location: "--provider", reason: expect.stringMatching(/No provider has the slug "strype"\..*stripe/) });
    expect((await snapshot()).specs).toEqual([]);
  });

  it("stores the provider's operations, base paths and deprecations, with its ingest run and audit entry", async () => {
    const summary = await ingestProviderSpec(ctx(), { text: SPEC, providerSlug: "stripe", sourceName: "stripe-provider-spec.yaml" });
    expect(summary.status).toBe("succeeded");
    expect(summary.kind).toBe("provider_spec");
    expect(summary.recordsAccepted).toBe(5);
    expect(summary.notes.join(" ")).toMatch(/Stored for Stripe: "Stripe API \(test excerpt\)" version 2024-06-20, 5 operation\(s\), 1 deprecated/);
    const [stored] = await db.select().from(providerSpecs).where(eq(providerSpecs.providerId, stripeId));
    expect(stored).toMatchObject({ title: "Stripe API (test excerpt)", version: "2024-06-20", basePaths: [""], ingestRunId: summary.id });
    expect(stored.operations.filter((o) => o.deprecated)).toEqual([{ method: "GET", path: "/v1/recipients/{id}", deprecated: true, operationId: "GetRecipientsId" }]);
    const [run] = await db.select({ kind: ingestRuns.kind, status: ingestRuns.status }).from(ingestRuns).where(eq(ingestRuns.id, summary.id));
    expect(run).toEqual({ kind: "provider_spec", status: "succeeded" });
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetType, "ingest_run"), eq(auditLog.targetId, summary.id)));
    expect(audits.map((a) => a.action)).toEqual(["ingest.provider_spec"]);
  });

  it("changes nothing when the same spec is sent again", async () => {
    const before = await snapshot();
    const summary = await ingestProviderSpec(ctx(), { text: SPEC, providerSlug: "stripe", sourceName: "again.yaml" });
    expect(summary.status).toBe("unchanged");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a truncated spec with its line, keeping the stored spec", async () => {
    const before = await snapshot();
    const truncated = SPEC.slice(0, SPEC.indexOf("parameters: [") + 30);
    const summary = await ingestProviderSpec(ctx(), { text: truncated, providerSlug: "stripe", sourceName: "truncated.yaml" });
    expect(summary.status).toBe("failed");
    expect(summary.failure).toBe("invalid");
    // The flow sequence cut short on the file's last line.
    expect(summary.errors[0]).toMatchObject({ location: `line ${truncated.split("\n").length}`, reason: expect.stringMatching(/YAML syntax error/) });
    expect(await snapshot()).toEqual(before);
  });
});

describe("deprecated provider endpoints in traffic", () => {
  it("raises one finding for the calls to the deprecated operation, and none for current ones", async () => {
    const summary = await ingestTraffic(ctx(), { stream: stream(TRAFFIC), appSlug: "checkout", sourceName: "checkout.har" });
    expect(summary.status).toBe("succeeded");
    expect(summary.recordsAccepted).toBe(8);
    const found = await deprecatedFindings();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      title: "Calls deprecated Stripe endpoint GET /v1/recipients/{id}",
      sampleCount: 3,
      owasp: "API9",
      severity: "medium",
      status: "open",
      providerId: stripeId,
      lastIngestRunId: summary.id,
      detail: {
        detector: "traffic inspection",
        method: "GET",
        pathTemplate: "/v1/recipients/{id}",
        operationId: "GetRecipientsId",
        specVersion: "2024-06-20",
        calls: 3,
        samples: ["/v1/recipients/rp_123", "/v1/recipients/rp_456"],
        lastSeenAt: "2026-11-20T10:00:02.000Z",
        provider: "stripe",
      },
    });
  });

  it("does not duplicate the finding when the same traffic is ingested again", async () => {
    const [before] = await deprecatedFindings();
    const summary = await ingestTraffic(ctx(), { stream: stream(TRAFFIC), appSlug: "checkout", sourceName: "checkout-again.har" });
    expect(summary.status).toBe("succeeded");
    const after = await deprecatedFindings();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, sampleCount: 3 });
  });

  it("finds nothing for a provider without a stored spec", async () => {
    const summary = await ingestTraffic(ctx(), { stream: stream(har([["GET", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json"]])), appSlug: "checkout", sourceName: "twilio.har" });
    expect(summary.status).toBe("succeeded");
    expect(await deprecatedFindings()).toHaveLength(1);
  });
});

describe("a replaced provider spec", () => {
  it("replaces the stored one and applies to the traffic ingested after it", async () => {
    const v2 = SPEC.replace('version: "2024-06-20"', 'version: "2025-01-01"').replace("operationId: PostCharges", "operationId: PostCharges\n      deprecated: true");
    const summary = await ingestProviderSpec(ctx(), { text: v2, providerSlug: "stripe", sourceName: "stripe-v2.yaml" });
    expect(summary.status).toBe("succeeded");
    expect(summary.notes[0]).toMatch(/Replaced the Stripe spec \(version 2024-06-20\) with .* version 2025-01-01, 5 operation\(s\), 2 deprecated/);
    const rows = await db.select({ version: providerSpecs.version }).from(providerSpecs).where(eq(providerSpecs.providerId, stripeId));
    expect(rows).toEqual([{ version: "2025-01-01" }]);
    await ingestTraffic(ctx(), { stream: stream(har([["POST", "https://api.stripe.com/v1/charges?after=v2"]])), appSlug: "checkout", sourceName: "after-v2.har" });
    const titles = (await deprecatedFindings()).map((f) => f.title).sort();
    expect(titles).toEqual(["Calls deprecated Stripe endpoint GET /v1/recipients/{id}", "Calls deprecated Stripe endpoint POST /v1/charges"]);
  });
});
