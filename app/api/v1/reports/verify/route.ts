import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, PayloadTooLargeError } from "@/lib/server/http";
import { describeVerification, verifyReport } from "@/lib/server/reports/generate";
import { ValidationError } from "@/lib/validation/errors";

/** Largest PDF accepted for verification. */
const MAX_BYTES = 50 * 1024 * 1024;

/**
 * POST /api/v1/reports/verify with the PDF as the body (application/pdf or
 * application/octet-stream): genuine and unchanged, modified, or not a Sibyl report;
 * 400 when the body is empty or is not a PDF.
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/reports/verify");
  if ("response" in auth) return auth.response;
  try {
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > MAX_BYTES) throw new PayloadTooLargeError(MAX_BYTES);
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.length > MAX_BYTES) throw new PayloadTooLargeError(MAX_BYTES);
    if (!bytes.length) throw new ValidationError({ file: ["Send the PDF as the request body."] });
    // A PDF's header ("%PDF-") sits in its first 1024 bytes; anything else is refused before it is hashed and audited.
    if (!Buffer.from(bytes.subarray(0, 1024)).toString("latin1").includes("%PDF-")) throw new ValidationError({ file: ["The file is not a PDF."] });
    const outcome = await verifyReport(await getDb(), auth.actor, bytes);
    return json({ ...outcome, message: describeVerification(outcome) });
  } catch (error) {
    return errorResponse(error);
  }
}
