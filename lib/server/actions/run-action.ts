import "server-only";
import type { ActionResult } from "@/lib/validation/errors";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/validation/errors";
import { ForbiddenError } from "../actor";

/** Turns a mutation's outcome into what a form can show; unexpected errors are logged, not leaked. */
export async function runAction<T>(body: () => Promise<T>, message?: string): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body(), message };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, error: error.fieldErrors._form?.[0] ?? error.message, fieldErrors: error.fieldErrors };
    if (error instanceof ForbiddenError) return { ok: false, error: "You do not have permission to do this." };
    if (error instanceof NotFoundError || error instanceof ConflictError) return { ok: false, error: error.message };
    console.error(error);
    return { ok: false, error: "Something went wrong; nothing was changed." };
  }
}
