// `sibyl probe <host> [--port N] [--path /p] [--timeout ms] [--json]`: probes a provider's TLS
// endpoint and HTTP header hygiene live and prints the evidence with its grades.
// Exit codes: 0 the probe completed, 1 the host could not be reached, 2 usage errors.
import net from "node:net";
import { parseArgs } from "node:util";
import { gradeHttpHygiene, hstsMaxAge, httpHygieneFactor } from "@/lib/domain/scoring/http-grade";
import { gradeTls, transportFactor } from "@/lib/domain/scoring/tls-grade";
import type { FactorResult, HttpProbeResult, TlsProbeResult } from "@/lib/domain/scoring/types";
import { probeHttp } from "@/lib/server/probe/http";
import { probeTls } from "@/lib/server/probe/tls";
import { UsageError } from "./usage";

export const PROBE_USAGE = "  probe <host|https-url> [--port N] [--path /p] [--timeout ms] [--json]";

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

function parseTarget(argv: string[]): { host: string; port: number; path: string; timeoutMs: number; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { port: { type: "string" }, path: { type: "string" }, timeout: { type: "string" }, json: { type: "boolean" } } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("probe needs exactly one <host>.");
  let host = positionals[0];
  let port: number | undefined;
  let path = values.path ?? "/";
  if (host.includes("://")) {
    let url: URL;
    try {
      url = new URL(host);
    } catch {
      throw new UsageError(`"${host}" is not a valid URL.`);
    }
    if (url.protocol !== "https:") throw new UsageError("probe takes an https:// URL (TLS is what it grades).");
    host = url.hostname.replace(/^\[|\]$/g, "");
    if (url.port) port = Number(url.port);
    if (!values.path && url.pathname) path = `${url.pathname}${url.search}`;
  }
  if (!net.isIP(host) && !HOSTNAME.test(host)) throw new UsageError(`"${host}" is not a host name or IP address.`);
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError("--port must be a number from 1 to 65535.");
  }
  const timeoutMs = values.timeout === undefined ? 5000 : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) throw new UsageError("--timeout must be milliseconds from 100 to 120000.");
  return { host, port: port ?? 443, path: path.startsWith("/") ? path : `/${path}`, timeoutMs, json: values.json ?? false };
}

const yesNo = (v: boolean | null) => (v === null ? "untestable" : v ? "yes" : "no");

function printTls(tls: TlsProbeResult, factor: FactorResult, hsts: number | null) {
  console.log(`TLS  ${tls.host}:${tls.port}`);
  if (tls.error) {
    console.log(`  Error         ${tls.error}`);
    return;
  }
  const p = tls.protocols;
  console.log(`  Protocols     TLS 1.0 ${yesNo(p.TLSv1)} · TLS 1.1 ${yesNo(p["TLSv1.1"])} · TLS 1.2 ${yesNo(p["TLSv1.2"])} · TLS 1.3 ${yesNo(p["TLSv1.3"])}`);
  const c = tls.certificate;
  if (c) {
    console.log(`  Certificate   ${c.subject}, issued by ${c.issuer}`);
    console.log(`                ${c.keyType}${c.keyBits ? ` ${c.keyBits}` : ""}, ${c.signatureAlgorithm ?? "unknown signature"}, chain of ${c.chainLength}`);
    console.log(`                valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)} (${c.expired ? "EXPIRED" : c.notYetValid ? "NOT YET VALID" : `${c.daysLeft} days left`})`);
    console.log(`                ${c.trusted ? "trusted" : `NOT trusted${c.authorizationError ? ` (${c.authorizationError})` : ""}`}${c.selfSigned ? ", self-signed" : ""}, name ${c.hostnameMatch ? "matches" : "DOES NOT match"} ${tls.host}`);
  }
  const n = tls.negotiated;
  if (n) {
    const eph = n.ephemeralKey ? `, ${n.ephemeralKey.type} ${n.ephemeralKey.name ?? `${n.ephemeralKey.bits} bits`}` : "";
    console.log(`  Negotiated    ${n.protocol} ${n.cipher} (${n.cipherBits ?? "?"} bits)${eph}, ${n.forwardSecrecy ? "forward secrecy" : "NO forward secrecy"}, ${n.aead ? "AEAD" : "not AEAD"}`);
  }
  const s = tls.cipherSummary;
  if (s) console.log(`  Ciphers       best ${s.bestBits} bits, weakest ${s.worstBits} bits${s.weakestCipher ? ` (${s.weakestCipher})` : ""}; ${s.accepted.length} suites seen`);
  const rating = gradeTls(tls, hsts === null ? undefined : { maxAge: hsts });
  console.log(`  Grade         ${rating.grade} — score ${rating.uncappedScore}: protocol ${rating.protocolScore} · key exchange ${rating.keyExchangeScore} · cipher ${rating.cipherScore}`);
  for (const cap of rating.caps) console.log(`  Cap           ${cap.grade}: ${cap.reason}`);
  for (const warning of rating.warnings) console.log(`  Warning       ${warning}`);
  for (const note of rating.notes) console.log(`  Note          ${note}`);
  console.log(`  Subscore      ${factor.subscore ?? "n/a"} (transport)`);
}

function printHttp(http: HttpProbeResult, factor: FactorResult) {
  console.log(`\nHTTP header hygiene  ${http.url}${http.status !== null ? ` → ${http.status}` : ""}`);
  if (http.error) {
    console.log(`  Error         ${http.error}`);
    return;
  }
  const graded = gradeHttpHygiene(http);
  for (const t of graded.tests) {
    const mark = !t.appliesToApi ? "n/a " : t.pass ? "PASS" : "FAIL";
    const modifier = t.appliesToApi ? String(t.modifier).padStart(4) : "    ";
    console.log(`  ${mark}  ${t.id.padEnd(30)} ${modifier}  ${t.reason}`);
  }
  console.log(`  Grade         ${graded.grade} (${graded.score}), subscore ${factor.subscore ?? "n/a"} (http_hygiene)`);
}

export async function runProbe(argv: string[]): Promise<number> {
  const target = parseTarget(argv);
  const [tls, http] = await Promise.all([
    probeTls(target.host, { port: target.port, timeoutMs: target.timeoutMs }),
    probeHttp(target.host, { port: target.port === 443 ? undefined : target.port, path: target.path, timeoutMs: target.timeoutMs }),
  ]);
  const hsts = http.error ? null : hstsMaxAge(http);
  const transport = transportFactor(tls, hsts === null ? {} : { hstsMaxAge: hsts });
  const hygiene = httpHygieneFactor(http);
  const reached = !tls.error || !http.error;
  if (target.json) {
    process.stdout.write(`${JSON.stringify({ reached, tls, tlsGrade: tls.error ? null : gradeTls(tls, hsts === null ? undefined : { maxAge: hsts }), transport, http, httpGrade: http.error ? null : gradeHttpHygiene(http), httpHygiene: hygiene })}\n`);
    return reached ? 0 : 1;
  }
  printTls(tls, transport, hsts);
  printHttp(http, hygiene);
  const caps = [...transport.caps, ...hygiene.caps];
  if (caps.length) console.log("\nReputation caps");
  for (const cap of caps) console.log(`  ${cap.factor.padEnd(13)} at most ${cap.maxGrade}: ${cap.reason}`);
  const improvements = [...transport.improvements, ...hygiene.improvements];
  if (improvements.length) console.log("\nImprovements");
  for (const i of improvements) console.log(`  ${i.factor.padEnd(13)} ${i.action} → ${i.subscoreAfter}`);
  if (!reached) console.error(`\n${target.host}:${target.port} could not be reached.`);
  return reached ? 0 : 1;
}
