import { authenticateApi } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getOverview } from "@/lib/server/dal/overview";
import { errorResponse, json } from "@/lib/server/http";

export async function GET(request: Request) {
  const auth = await authenticateApi(request, "overview.read");
  if ("response" in auth) return auth.response;
  try {
    return json(await getOverview(await getDb(), auth.actor));
  } catch (error) {
    return errorResponse(error);
  }
}
