import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDatabase, getDb } from "@/lib/server/db";
import { queueRescore, queueTriageMaintenance, queueWebhookDelivery } from "@/lib/server/jobs/queue";
import { errorResponse, json, PayloadTooLargeError, readTextBody } from "@/lib/server/http";
import { ingestCatalog } from "@/lib/server/ingest/catalog";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { ingestProviderSpec } from "@/lib/server/ingest/provider-spec";
import type { IngestRunSummary } from "@/lib/server/ingest/runs";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { firstValues } from "@/lib/validation/list-query";
import { ingestHostsSchema } from "@/lib/validation/application-hosts";
import { INGEST_KINDS, INGEST_LIMITS, ingestKindFromPath, ingestKindNeedsApp, ingestKindPath, ingestQuerySchema } from "@/lib/validation/ingest";

export const maxDuration = 900;

function statusFor(summary: IngestRunSummary): number {
  if (summary.status !== "failed") return 200;
  return summary.failure === "too_large" ? 413 : summary.failure === "internal" ? 500 : 422;
}

/**
 * POST /api/v1/ingest/{openapi|traffic|sbom|catalog}?app=<slug>[&api=][&format=][&name=]
 *   traffic also takes &host=<name> (repeatable): the application's own hosts, saved on it
 * POST /api/v1/ingest/provider-spec?provider=<slug>[&name=]
 * Body: the file itself. Answers with the ingest run summary.
 */
export async function POST(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const auth = await authorizeRoute(request, "POST /api/v1/ingest/[kind]");
  if ("response" in auth) return auth.response;
  const { kind: rawKind } = await params;
  const kind = ingestKindFromPath(rawKind);
  if (!kind) return jsonError(404, `unknown ingest kind "${rawKind.slice(0, 40)}"; use one of ${INGEST_KINDS.map(ingestKindPath).join(", ")}`);
  const searchParams = new URL(request.url).searchParams;
  const query = ingestQuerySchema.safeParse(firstValues(searchParams));
  if (!query.success) return errorResponse(query.error);
  const { app, api, format, name, provider } = query.data;
  const hostParams = searchParams.getAll("host");
  if (hostParams.length && kind !== "traffic") return jsonError(400, "validation failed", { fieldErrors: { host: ["?host= only applies to traffic ingests"] } });
  const hosts = ingestHostsSchema.safeParse({ host: hostParams });
  if (!hosts.success) return errorResponse(hosts.error);
  if (ingestKindNeedsApp(kind) && !app) return jsonError(400, "validation failed", { fieldErrors: { app: ["Name the application: ?app=<slug>"] } });
  if (kind === "provider_spec" && !provider) return jsonError(400, "validation failed", { fieldErrors: { provider: ["Name the provider whose spec this is: ?provider=<slug>, e.g. stripe"] } });
  const limit = INGEST_LIMITS[kind];
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return jsonError(413, `The upload is larger than the limit of ${limit.toLocaleString("en")} bytes for ${ingestKindPath(kind)}`);
  if (!request.body) return jsonError(400, "validation failed", { fieldErrors: { _form: ["The request body is empty: send the file as the body"] } });

  try {
    const ctx = { db: await getDb(), actor: auth.actor, trigger: request.headers.get("x-sibyl-trigger") === "ui" ? "ui" : "http" };
    const sourceName = name ?? `${ingestKindPath(kind)} upload`;
    let summary: IngestRunSummary;
    if (kind === "traffic") {
      summary = await ingestTraffic(ctx, {
        stream: request.body as unknown as AsyncIterable<Uint8Array>,
        appSlug: app ?? "",
        format,
        hosts: hosts.data.host,
        sourceName,
        byteSize: declared || undefined,
        limitBytes: limit,
      });
    } else {
      const text = await readTextBody(request, limit);
      if (kind === "openapi") summary = await ingestOpenApi(ctx, { text, appSlug: app ?? "", apiName: api, sourceName });
      else if (kind === "sbom") summary = await ingestSbom(ctx, { text, appSlug: app ?? "", sourceName });
      else if (kind === "provider_spec") summary = await ingestProviderSpec(ctx, { text, providerSlug: provider ?? "", sourceName });
      else summary = await ingestCatalog(ctx, { text, sourceName });
    }
    // New traffic and SBOMs change reliability and SDK signals: rescore in the background.
    if (summary.status === "succeeded" && (kind === "traffic" || kind === "sbom")) {
      await queueRescore(await getDatabase()).catch((error: unknown) => console.error("[jobs] could not queue a rescore:", error));
    }
    if (summary.status === "succeeded") {
      const handle = await getDatabase();
      await queueTriageMaintenance(handle).catch((error: unknown) => console.error("[jobs] could not queue triage maintenance:", error));
      await queueWebhookDelivery(handle).catch((error: unknown) => console.error("[jobs] could not queue webhook delivery:", error));
    }
    return json(summary, { status: statusFor(summary) });
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return jsonError(413, `The upload is larger than the limit of ${limit.toLocaleString("en")} bytes for ${ingestKindPath(kind)}`);
    return errorResponse(error);
  }
}
