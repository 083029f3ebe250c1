import "server-only";
import { createHash } from "node:crypto";
import { IngestInputError } from "@/lib/domain/ingest/types";

export class UploadTooLargeError extends IngestInputError {
  constructor(public readonly limitBytes: number) {
    super([{ location: "upload", reason: `The upload is larger than the limit of ${limitBytes.toLocaleString("en")} bytes` }]);
    this.name = "UploadTooLargeError";
  }
}

/**
 * Wraps a byte stream: counts and hashes what passes, refuses more than
 * `limitBytes`, and lets the first `peekBytes` be read before the stream is consumed.
 */
export async function meteredStream(source: AsyncIterable<Uint8Array | string>, limitBytes: number, peekBytes = 64 * 1024) {
  const iterator = source[Symbol.asyncIterator]();
  const hash = createHash("sha256");
  let total = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  let done = false;
  const take = (chunk: Uint8Array | string): Buffer => {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += buf.byteLength;
    if (total > limitBytes) throw new UploadTooLargeError(limitBytes);
    hash.update(buf);
    return buf;
  };
  while (headSize < peekBytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const buf = take(next.value);
    head.push(buf);
    headSize += buf.byteLength;
  }
  const headBuffer = Buffer.concat(head);
  async function* stream(): AsyncGenerator<Buffer> {
    if (headBuffer.byteLength) yield headBuffer;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield take(next.value);
    }
  }
  return { head: headBuffer, stream: stream(), bytesRead: () => total, digest: () => hash.digest("hex") };
}
