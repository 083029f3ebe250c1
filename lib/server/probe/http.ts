import "server-only";
// Captures the response headers of a provider's API host for header hygiene (graded by
// lib/domain/scoring/http-grade.ts): one GET following at most 3 redirects, then the same GET with
// a foreign Origin to see whether CORS reflects it. Bodies are read up to a bound and discarded.
import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import type { HttpProbeResult } from "@/lib/domain/scoring/types";

export interface HttpProbeOptions {
  port?: number;
  path?: string;
  /** Deadline of each request, from connect to the last body byte read. Default 5000. */
  timeoutMs?: number;
  scheme?: "https" | "http";
  /** Extra trusted roots (PEM), added to Node's bundled roots; for tests against a private CA. */
  ca?: string | Buffer;
}

const MAX_REDIRECTS = 3;
const MAX_BODY_BYTES = 64 * 1024;
const USER_AGENT = "Sibyl-probe/0.1 (+API reputation; header hygiene)";

interface Fetched {
  status: number;
  headers: [string, string][];
  location: string | null;
  verified: boolean | null;
}

function get(url: URL, extraHeaders: Record<string, string>, options: HttpProbeOptions): Promise<Fetched> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const secure = url.protocol === "https:";
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve, reject) => {
    let settled = false;
    const headers = { "user-agent": USER_AGENT, accept: "application/json, */*;q=0.5", ...extraHeaders };
    const common = { method: "GET", host: hostname, port: url.port || (secure ? 443 : 80), path: `${url.pathname}${url.search}`, headers, agent: false as const };
    const req = secure
      ? https.request({ ...common, rejectUnauthorized: false, servername: net.isIP(hostname) ? undefined : hostname, ca: options.ca ? [...tls.rootCertificates, options.ca] : undefined })
      : http.request(common);
    const timer = setTimeout(() => fail(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    }
    req.on("error", fail);
    req.on("response", (res) => {
      const pairs: [string, string][] = [];
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
      const socket = res.socket as tls.TLSSocket | null;
      const verified = secure ? Boolean(socket?.authorized) : null;
      let read = 0;
      const done = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        res.destroy();
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: pairs, location: typeof res.headers.location === "string" ? res.headers.location : null, verified });
      };
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_BODY_BYTES) done();
      });
      res.on("end", done);
      res.on("error", fail);
    });
    req.end();
  });
}

/** GETs the URL, following at most 3 redirects; returns the final URL and response. */
async function getFollowing(start: URL, extraHeaders: Record<string, string>, options: HttpProbeOptions): Promise<{ url: URL; response: Fetched }> {
  let url = start;
  for (let hop = 0; ; hop++) {
    const response = await get(url, extraHeaders, options);
    const redirect = [301, 302, 303, 307, 308].includes(response.status) && response.location;
    if (!redirect || hop >= MAX_REDIRECTS) return { url, response };
    const next = new URL(redirect, url);
    if (next.protocol !== "https:" && next.protocol !== "http:") return { url, response };
    url = next;
  }
}

export function probeOrigin(): string {
  return `https://sibyl-probe-${randomBytes(6).toString("hex")}.example`;
}

export async function probeHttp(host: string, options: HttpProbeOptions = {}): Promise<HttpProbeResult> {
  const scheme = options.scheme ?? "https";
  const hostPart = net.isIPv6(host) ? `[${host}]` : host;
  const path = options.path ? (options.path.startsWith("/") ? options.path : `/${options.path}`) : "/";
  const start = new URL(`${scheme}://${hostPart}${options.port ? `:${options.port}` : ""}${path}`);
  let first: { url: URL; response: Fetched };
  try {
    first = await getFollowing(start, {}, options);
  } catch (error) {
    return { url: start.href, status: null, headers: [], cors: null, verified: null, error: (error as Error).message };
  }
  const origin = probeOrigin();
  let cors: HttpProbeResult["cors"] = null;
  try {
    const { response } = await getFollowing(first.url, { origin }, options);
    const header = (name: string) => response.headers.find(([n]) => n === name)?.[1] ?? null;
    cors = { origin, allowOrigin: header("access-control-allow-origin"), allowCredentials: header("access-control-allow-credentials") };
  } catch {
    cors = null;
  }
  return { url: first.url.href, status: first.response.status, headers: first.response.headers, cors, verified: first.response.verified, error: null };
}
