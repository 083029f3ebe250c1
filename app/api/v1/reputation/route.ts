import { eq, or } from "drizzle-orm";
import { z } from "zod";
import { providers } from "@/db/schema";
import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { latestScores } from "@/lib/server/dal/reputation";
import { errorResponse, json } from "@/lib/server/http";
import { loadProviderIndex } from "@/lib/server/ingest/catalog-cache";
import { cachedReputation, storeReputation } from "@/lib/server/scoring/cache";
import { firstValues } from "@/lib/validation/list-query";

const querySchema = z
  .object({
    host: z.string().trim().toLowerCase().max(253).regex(/^[a-z0-9.-]+(:\d+)?$/, "Not a host name").optional(),
    provider: z.string().trim().max(100).optional(),
  })
  .refine((q) => Boolean(q.host) !== Boolean(q.provider), "Give exactly one of ?host= or ?provider=");

/**
 * The oracle: GET /api/v1/reputation?host=api.stripe.com or ?provider=stripe
 * (a catalog id or the provider's uuid). Bearer token with scope `read`.
 */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/reputation");
  if ("response" in auth) return auth.response;
  try {
    const query = querySchema.parse(firstValues(new URL(request.url).searchParams));
    const key = query.host ? `host:${query.host}` : `provider:${query.provider}`;
    const cached = cachedReputation<object>(key);
    if (cached) return json(cached, { headers: { "x-sibyl-cache": "hit" } });
    const db = await getDb();
    let providerId: string | null = null;
    if (query.host) {
      providerId = (await loadProviderIndex(db)).matchHost(query.host.split(":")[0])?.providerId ?? null;
      if (!providerId) return jsonError(404, "no known provider serves this host", { host: query.host });
    } else {
      const ref = query.provider ?? "";
      const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
      const [row] = await db.select({ id: providers.id }).from(providers).where(isUuid ? or(eq(providers.id, ref), eq(providers.slug, ref)) : eq(providers.slug, ref));
      providerId = row?.id ?? null;
      if (!providerId) return jsonError(404, "unknown provider", { provider: ref });
    }
    const [provider] = await db.select({ id: providers.id, slug: providers.slug, name: providers.name }).from(providers).where(eq(providers.id, providerId));
    const score = (await latestScores(db, [providerId])).get(providerId);
    if (!score) return jsonError(404, "this provider has not been scored yet", { provider: provider.slug });
    const body = {
      provider: { id: provider.id, slug: provider.slug, name: provider.name },
      host: query.host ?? null,
      score: score.score,
      grade: score.grade,
      confidence: score.confidence,
      factors: score.factors.map((f) => ({ name: f.name, subscore: f.subscore, weight: f.weight, evidence: { summary: f.summary, ...f.evidence } })),
      caps: score.caps,
      modelVersion: score.modelVersion,
      computedAt: score.computedAt,
    };
    storeReputation(key, provider.id, body);
    return json(body, { headers: { "x-sibyl-cache": "miss" } });
  } catch (error) {
    return errorResponse(error);
  }
}
