import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/validation/errors";
import { ForbiddenError } from "./actor";
import { jsonError } from "./auth/api";
import { readBodyBytes } from "./body";

export class PayloadTooLargeError extends Error {
  constructor(public readonly limitBytes: number) {
    super(`Request body is larger than the limit of ${limitBytes} bytes`);
  }
}

/** Reads a body as UTF-8 text of at most `limitBytes`; throws PayloadTooLargeError beyond it. */
export async function readTextBody(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
  return (await readBodyBytes(request.body, limitBytes, () => new PayloadTooLargeError(limitBytes))).toString("utf8");
}

/** Reads a JSON body of at most `limitBytes`; refuses larger bodies with 413 before parsing. */
export async function readJsonBody(request: Request, limitBytes = 64 * 1024): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limitBytes) throw new PayloadTooLargeError(limitBytes);
  if (!request.body) throw new ValidationError({ _form: ["Request body is empty"] });
  const text = (await readBodyBytes(request.body, limitBytes, () => new PayloadTooLargeError(limitBytes))).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError({ _form: [`Body is not valid JSON: ${(error as Error).message}`] });
  }
}

/** Maps the errors a DAL call can throw to JSON responses. */
export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ValidationError) return jsonError(400, "validation failed", { fieldErrors: error.fieldErrors });
  if (error instanceof ZodError) return jsonError(400, "validation failed", { fieldErrors: ValidationError.fromZod(error).fieldErrors });
  if (error instanceof ForbiddenError) return jsonError(403, "forbidden", { required: error.permission });
  if (error instanceof PayloadTooLargeError) return jsonError(413, error.message);
  if (error instanceof NotFoundError) return jsonError(404, error.message);
  if (error instanceof ConflictError) return jsonError(409, error.message, { currentVersion: error.currentVersion });
  console.error(error);
  return jsonError(500, "internal error");
}

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}

export function json(data: unknown, init?: ResponseInit): NextResponse {
  return NextResponse.json(data, { ...init, headers: { "cache-control": "no-store", ...init?.headers } });
}
