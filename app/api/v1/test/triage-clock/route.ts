import { z } from "zod";
import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { runTriageMaintenance } from "@/lib/server/triage/maintenance";

const bodySchema = z.object({ now: z.coerce.date() });

/**
 * POST /api/v1/test/triage-clock {now}: runs the triage clock (expired risk
 * acceptances reopen) as if it were `now`. Exists only when the server was
 * started with SIBYL_TEST_ROUTES=1 (the browser tests); 404 otherwise.
 */
export async function POST(request: Request) {
  if (process.env.SIBYL_TEST_ROUTES !== "1") return jsonError(404, "not found");
  const auth = await authorizeRoute(request, "POST /api/v1/test/triage-clock");
  if ("response" in auth) return auth.response;
  try {
    const { now } = bodySchema.parse(await readJsonBody(request));
    return json(await runTriageMaintenance(await getDb(), now));
  } catch (error) {
    return errorResponse(error);
  }
}
