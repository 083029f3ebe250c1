import type { z } from "zod";

/** Thrown by mutations when input fails its schema; carries one message per field. */
export class ValidationError extends Error {
  constructor(public readonly fieldErrors: Record<string, string[]>, message = "Please correct the highlighted fields.") {
    super(message);
    this.name = "ValidationError";
  }

  static fromZod(error: z.ZodError): ValidationError {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of error.issues) {
      const key = issue.path.length ? issue.path.join(".") : "_form";
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return new ValidationError(fieldErrors);
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationError.fromZod(result.error);
  return result.data;
}

/** The shape server actions return to forms. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T; message?: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string[]> };

/** Thrown when the thing to read or change does not exist (404). */
export class NotFoundError extends Error {
  constructor(message = "Not found") {
    super(message);
    this.name = "NotFoundError";
  }
}

/** Thrown when a change was made against a stale copy (409). */
export class ConflictError extends Error {
  constructor(
    message: string,
    public readonly currentVersion?: number,
  ) {
    super(message);
    this.name = "ConflictError";
  }
}
