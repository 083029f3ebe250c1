import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse } from "@/lib/server/http";
import { ARTEFACT_KINDS, isArtefactKind, type EnforcementScope } from "@/lib/domain/policies/artefacts";
import { enforcementDownload, loadEnforcementSet } from "@/lib/server/policies/enforcement";

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * GET /api/v1/enforcement/{istio|envoy|opa|nginx|json}[?app=<slug> | ?provider=<slug>][&namespace=…&appNamespace=…]:
 * egress rules enforcing the current quarantined (and require-approval) set; OPA comes as a bundle (.tar.gz).
 */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/enforcement/[kind]");
  if ("response" in auth) return auth.response;
  try {
    const kind = (await params).kind;
    if (!isArtefactKind(kind)) return jsonError(404, `unknown artefact; one of ${ARTEFACT_KINDS.join(", ")}`);
    const q = new URL(request.url).searchParams;
    const app = q.get("app");
    const provider = q.get("provider");
    if (app && provider) return jsonError(400, "validation failed", { fieldErrors: { app: ["give app or provider, not both"] } });
    const scope: EnforcementScope = app ? { kind: "application", slug: app.slice(0, 120) } : provider ? { kind: "provider", slug: provider.slice(0, 120) } : { kind: "all" };
    const namespace = q.get("namespace") ?? undefined;
    const appNamespace = q.get("appNamespace") ?? undefined;
    for (const [field, v] of [["namespace", namespace], ["appNamespace", appNamespace]] as const) {
      if (v !== undefined && !NAMESPACE.test(v)) return jsonError(400, "validation failed", { fieldErrors: { [field]: ["not a Kubernetes namespace name"] } });
    }
    const set = await loadEnforcementSet(await getDb(), auth.actor, scope);
    const file = enforcementDownload(kind, set, { namespace, appNamespace });
    return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), { headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`, "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
