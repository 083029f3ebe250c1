import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { createUser, listUsers } from "@/lib/server/dal/users";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { userListSchema } from "@/lib/validation/lists";

export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/users");
  if ("response" in auth) return auth.response;
  try {
    return json(await listUsers(await getDb(), auth.actor, userListSchema.parse(firstValues(new URL(request.url).searchParams))));
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/users");
  if ("response" in auth) return auth.response;
  try {
    const user = await createUser(await getDb(), auth.actor, await readJsonBody(request));
    return json(user, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
