import { authorizeRoute } from "@/lib/server/auth/api";
import { getDatabase } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { gateExitCode, gateSummary } from "@/lib/domain/policies/gate/result";
import { MAX_GATE_FILE_BYTES, runGate } from "@/lib/server/policies/gate";

/**
 * POST /api/v1/gate `{app, hosts?: [...], sbom?: {name, text}, openapi?: {name, text}}` (token scope `read`):
 * the CI gate over HTTP. Answers the GateResult with `exitCode` (0 pass, 3 blocked, 1 input errors) and a summary.
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/gate");
  if ("response" in auth) return auth.response;
  try {
    const result = await runGate(await getDatabase(), auth.actor, await readJsonBody(request, 2 * MAX_GATE_FILE_BYTES + 64 * 1024));
    return json({ ...result, exitCode: gateExitCode(result), summary: gateSummary(result) });
  } catch (error) {
    return errorResponse(error);
  }
}
