import "server-only";

export type FetchOutcome =
  | { kind: "content"; text: string; etag: string | null; lastModified: string | null; status: number }
  | { kind: "not-modified"; status: 304 }
  | { kind: "error"; message: string; status: number | null };

/**
 * Fetches a registered spec or catalog URL with conditional headers, a timeout
 * and a size cap. Never throws: every failure is an outcome to record on the source.
 */
export async function fetchSource(url: string, options: { etag?: string | null; lastModified?: string | null; timeoutMs?: number; maxBytes: number }): Promise<FetchOutcome> {
  const headers: Record<string, string> = { accept: "application/json, application/yaml, text/yaml, */*;q=0.5", "user-agent": "Sibyl source puller" };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  let res: Response;
  try {
    res = await fetch(url, { headers, redirect: "follow", signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (error) {
    const e = error as Error;
    return { kind: "error", status: null, message: e.name === "TimeoutError" || e.name === "AbortError" ? `No answer within ${Math.round((options.timeoutMs ?? 30_000) / 1000)} s` : `Could not connect: ${(e.cause as Error | undefined)?.message ?? e.message}` };
  }
  if (res.status === 304) return { kind: "not-modified", status: 304 };
  if (!res.ok) {
    await res.body?.cancel();
    return { kind: "error", status: res.status, message: `HTTP ${res.status} ${res.statusText}`.trim() };
  }
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > options.maxBytes) {
    await res.body?.cancel();
    return { kind: "error", status: res.status, message: `The document is ${declared} bytes, over the limit of ${options.maxBytes}` };
  }
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > options.maxBytes) {
        await reader.cancel();
        return { kind: "error", status: res.status, message: `The document is over the limit of ${options.maxBytes} bytes` };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { kind: "error", status: res.status, message: `Reading the response failed: ${(error as Error).message}` };
  }
  return { kind: "content", status: res.status, text: Buffer.concat(chunks).toString("utf8"), etag: res.headers.get("etag"), lastModified: res.headers.get("last-modified") };
}
