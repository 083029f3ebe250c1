// deprecated_provider_endpoint: an application's calls to operations that the provider's published spec
// marks deprecated. Calls are matched to the spec's templates the way discovery matches inbound traffic
// (ingest/path-template), so only an operation the spec names can be reported.
import { normalisePath, SpecTemplateMatcher } from "../ingest/path-template";
import { severityFor, type DependentApplication, type Detection, type ProviderRef } from "./detections";


export interface ProviderOperation {
  method: string;
  /** Path template as the provider's spec writes it, e.g. "/v1/recipients/{id}". */
  path: string;
  deprecated: boolean;
  operationId?: string | null;
}

export interface ObservedProviderCall {
  method: string;
  /** Concrete path as called (query and fragment are ignored). */
  path: string;
  count: number;
  lastSeenAt?: string | null;
}

/**
 * Calls of one application to operations the provider's spec marks deprecated. Each call is matched
 * against every operation of the spec (a literal path beats a parameter, as in discovery), so a call to
 * a current "/v1/charges/search" is not taken for a deprecated "/v1/charges/{id}". One finding per
 * application × provider × operation, with the number of calls as sample count.
 */
export function deprecatedProviderEndpointDetections(
  provider: ProviderRef,
  spec: { operations: ProviderOperation[]; basePaths?: string[]; version?: string | null },
  app: DependentApplication,
  calls: ObservedProviderCall[],
): Detection[] {
  const deprecated = new Map(spec.operations.filter((o) => o.deprecated).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]));
  if (!deprecated.size) return [];
  const matcher = new SpecTemplateMatcher(spec.operations, spec.basePaths ?? []);
  const hits = new Map<string, { op: ProviderOperation; count: number; samples: Set<string>; lastSeenAt: string | null }>();
  for (const call of calls) {
    const method = call.method.toUpperCase();
    const match = matcher.match(method, call.path);
    const op = match?.methodDocumented ? deprecated.get(`${method} ${match.template}`) : undefined;
    if (!op) continue;
    const key = `${method} ${op.path}`;
    const hit = hits.get(key) ?? { op, count: 0, samples: new Set<string>(), lastSeenAt: null };
    hit.count += Math.max(0, call.count);
    if (hit.samples.size < 5) hit.samples.add(normalisePath(call.path));
    if (call.lastSeenAt && (!hit.lastSeenAt || call.lastSeenAt > hit.lastSeenAt)) hit.lastSeenAt = call.lastSeenAt;
    hits.set(key, hit);
  }
  return [...hits.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, h]) => ({
      kind: "deprecated_provider_endpoint" as const,
      severity: severityFor("medium", app.criticality),
      title: `Calls deprecated ${provider.name} endpoint ${key}`,
      fingerprintParts: [app.applicationId, provider.providerId, h.op.method.toUpperCase(), h.op.path],
      detail: {
        rule: "A call to an operation the provider's spec marks deprecated",
        method: h.op.method.toUpperCase(),
        pathTemplate: h.op.path,
        operationId: h.op.operationId ?? null,
        specVersion: spec.version ?? null,
        calls: h.count,
        samples: [...h.samples],
        lastSeenAt: h.lastSeenAt,
        provider: provider.slug,
        applicationCriticality: app.criticality,
      },
      applicationId: app.applicationId,
      providerId: provider.providerId,
      sampleCount: Math.max(1, h.count),
    }));
}
