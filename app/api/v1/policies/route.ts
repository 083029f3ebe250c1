import { stringify } from "yaml";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { getDefaultAction } from "@/lib/server/policies/reevaluate";
import { applyPolicyFile, listPolicies, savePolicy, toPolicyFile } from "@/lib/server/policies/store";

/**
 * GET /api/v1/policies: the policies in evaluation order with what each decides now, and the default action.
 * `?format=yaml|json` downloads them as a policy file (the format `sibyl policy apply` reads).
 */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/policies");
  if ("response" in auth) return auth.response;
  try {
    const db = await getDb();
    const policies = await listPolicies(db, auth.actor);
    const format = new URL(request.url).searchParams.get("format");
    if (format === "yaml" || format === "json") {
      const file = toPolicyFile(policies);
      const body = format === "yaml" ? `# Sibyl connectivity policies: apply with \`npm run sibyl -- policy apply sibyl-policies.yaml\`\n${stringify(file)}` : `${JSON.stringify(file, null, 2)}\n`;
      return new Response(body, { headers: { "content-type": format === "yaml" ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8", "content-disposition": `attachment; filename="sibyl-policies.${format}"`, "cache-control": "no-store" } });
    }
    return json({ policies, defaultAction: await getDefaultAction(db) });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * POST /api/v1/policies (secops, admin): `{policies: [...]}` upserts by name, as `sibyl policy apply`
 * (idempotent); `{policy: {...}}` creates one policy and refuses a name already taken (the form's "New policy").
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/policies");
  if ("response" in auth) return auth.response;
  try {
    const body = await readJsonBody(request, 1024 * 1024);
    if (body && typeof body === "object" && "policy" in body && !("policies" in body)) {
      return json(await savePolicy(await getDb(), auth.actor, { policy: (body as { policy: unknown }).policy }), { status: 201 });
    }
    return json(await applyPolicyFile(await getDb(), auth.actor, body));
  } catch (error) {
    return errorResponse(error);
  }
}
