import "server-only";

// One bounded read of a fetch body, for every route that reads one whole (JSON, text, OTLP protobuf).
// No Next.js import: the OTLP receiver also runs in `npm start`'s front process.

/**
 * Reads a web body up to `limit` bytes and returns them; past the limit it cancels the stream and throws
 * `tooLarge()`. An absent body reads as no bytes.
 */
export async function readBodyBytes(body: ReadableStream<Uint8Array> | null | undefined, limit: number, tooLarge: () => Error): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
