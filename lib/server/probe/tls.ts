import "server-only";
// Probes a TLS endpoint: one handshake per protocol version (TLS 1.0–1.3), the certificate chain
// and its facts, then a few cipher-family handshakes for the rating's best and worst cipher
// (lib/domain/scoring/tls-grade.ts grades the result). Every socket has a deadline and is destroyed.
import { X509Certificate } from "node:crypto";
import net from "node:net";
import { Duplex } from "node:stream";
import tls from "node:tls";
import type { TlsProbeResult } from "@/lib/domain/scoring/types";

export interface TlsProbeOptions {
  port?: number;
  servername?: string;
  /** Deadline of each connection, from TCP connect to finished handshake. Default 5000. */
  timeoutMs?: number;
  /** Extra trusted roots (PEM), added to Node's bundled roots; for tests against a private CA. */
  ca?: string | Buffer;
}
export type TlsProbeTarget = string | { host: string; port?: number; servername?: string };

type Version = "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
const VERSIONS: Version[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
/** OpenSSL 3 refuses TLS 1.0/1.1 below security level 0 (their handshakes sign with SHA-1/MD5). */
const LEGACY_CIPHERS = "DEFAULT@SECLEVEL=0";
const MODERN_CIPHERS = `${tls.DEFAULT_CIPHERS}:@SECLEVEL=0`;
// A TLS 1.3 suite list needs some TLS 1.2 entry next to it for @SECLEVEL to parse; a 1.3-only handshake ignores it.
const PROBE_128 = { tls13: "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256:DEFAULT:@SECLEVEL=0", legacy: "AES128:CAMELLIA128:ARIA128:SEED:IDEA:!aNULL:!eNULL@SECLEVEL=0" };
const PROBE_256 = { tls13: "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:DEFAULT:@SECLEVEL=0", legacy: "AES256:CAMELLIA256:ARIA256:CHACHA20:!aNULL:!eNULL@SECLEVEL=0" };
const FS_PROBE = "ECDHE:DHE:!aNULL:!eNULL@SECLEVEL=0";
const AEAD_PROBE = "AESGCM:CHACHA20:AESCCM:ARIAGCM:!aNULL:!eNULL@SECLEVEL=0";
/** Weak families (< 112 bits or broken); many OpenSSL builds cannot offer some of them at all. */
const WEAK_FAMILIES = ["3DES", "RC4", "DES", "EXP", "eNULL"] as const;

interface Handshake {
  protocol: string | null;
  cipher: string;
  bits: number | null;
  forwardSecrecy: boolean;
  aead: boolean;
  ephemeralKey: { type: string; name: string | null; bits: number } | null;
  authorized: boolean;
  authorizationError: string | null;
  peer: tls.DetailedPeerCertificate | null;
}
type Attempt = { ok: true; hs: Handshake } | { ok: false; kind: "network" | "timeout" | "rejected" | "local"; error: string };

/** Key size of a cipher from its OpenSSL or IANA name (SSL Labs counts 3DES as 112 bits). */
export function cipherBits(name: string): number | null {
  const n = name.toUpperCase().replace(/-/g, "_");
  if (/(^|_)NULL_(SHA|MD5)|WITH_NULL/.test(n)) return 0;
  if (/(^|_)EXP(ORT)?(\d*)_/.test(n)) return 40;
  if (/CHACHA20|AES_?256|CAMELLIA_?256|ARIA_?256/.test(n)) return 256;
  if (/3DES|DES_CBC3|DES_EDE/.test(n)) return 112;
  if (/AES_?128|CAMELLIA_?128|ARIA_?128|SEED|IDEA|RC4|RC2/.test(n)) return 128;
  if (/DES/.test(n)) return 56;
  return null;
}

// ------------------------------------------------------------------ signature algorithm from DER
// Node 20's X509Certificate has no signature-algorithm field, so read it from the DER:
// Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { OID, params }, ... }.
const SIGNATURE_OIDS: Record<string, string> = {
  "1.2.840.113549.1.1.2": "md2WithRSAEncryption",
  "1.2.840.113549.1.1.4": "md5WithRSAEncryption",
  "1.2.840.113549.1.1.5": "sha1WithRSAEncryption",
  "1.2.840.113549.1.1.10": "rsassaPss",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.12": "sha384WithRSAEncryption",
  "1.2.840.113549.1.1.13": "sha512WithRSAEncryption",
  "1.2.840.113549.1.1.14": "sha224WithRSAEncryption",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.10045.4.3.1": "ecdsa-with-SHA224",
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.2.840.10040.4.3": "dsa-with-SHA1",
  "2.16.840.1.101.3.4.3.2": "dsa-with-SHA256",
  "1.3.101.112": "ED25519",
  "1.3.101.113": "ED448",
};

function readTlv(der: Buffer, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 4) throw new Error("unsupported DER length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i];
    start += count;
  }
  if (start + length > der.length) throw new Error("truncated DER");
  return { tag, start, end: start + length };
}

export function signatureAlgorithmFromDer(der: Buffer): string | null {
  try {
    const certificate = readTlv(der, 0);
    const tbs = readTlv(der, certificate.start);
    const algorithm = readTlv(der, tbs.end);
    const oid = readTlv(der, algorithm.start);
    if (certificate.tag !== 0x30 || tbs.tag !== 0x30 || algorithm.tag !== 0x30 || oid.tag !== 0x06) return null;
    const bytes = der.subarray(oid.start, oid.end);
    const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
    let value = 0;
    for (const byte of bytes.subarray(1)) {
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) {
        parts.push(value);
        value = 0;
      }
    }
    const dotted = parts.join(".");
    return SIGNATURE_OIDS[dotted] ?? dotted;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ what this machine can offer

const offerCache = new Map<string, Promise<boolean>>();

/** Whether the local OpenSSL writes a ClientHello for this version at all (checked against an in-memory stream, no network). */
function canOffer(version: Version, ciphers: string | undefined): Promise<boolean> {
  const key = `${version}|${ciphers ?? ""}`;
  const cached = offerCache.get(key);
  if (cached) return cached;
  const check = new Promise<boolean>((resolve) => {
    let settled = false;
    let socket: tls.TLSSocket | null = null;
    const sink = new Duplex({ read() {}, write(_chunk, _enc, cb) { finish(true); cb(); } });
    const timer = setTimeout(() => finish(false), 1000);
    function finish(result: boolean) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      sink.destroy();
      resolve(result);
    }
    try {
      socket = tls.connect({ socket: sink, minVersion: version, maxVersion: version, ciphers, rejectUnauthorized: false });
      socket.on("error", () => finish(false));
    } catch {
      finish(false);
    }
  });
  offerCache.set(key, check);
  return check;
}

let weakFamilies: { offerable: string[]; untestable: string[] } | null = null;
function localWeakFamilies(): { offerable: string[]; untestable: string[] } {
  if (!weakFamilies) {
    const offerable: string[] = [];
    const untestable: string[] = [];
    for (const family of WEAK_FAMILIES) {
      try {
        tls.createSecureContext({ ciphers: `${family}@SECLEVEL=0` });
        offerable.push(family);
      } catch {
        untestable.push(family);
      }
    }
    weakFamilies = { offerable, untestable };
  }
  return weakFamilies;
}

// ------------------------------------------------------------------ one handshake

interface HandshakeRequest { host: string; port: number; servername?: string; version: Version; ciphers?: string; ca?: string | Buffer; timeoutMs: number }

// A context with extra roots parses all ~140 bundled roots again (~0.1 s of blocked event loop), so
// contexts are shared per (roots, version, ciphers) and only the trust handshake asks for extra roots.
const contexts = new Map<string, tls.SecureContext>();
const caIds = new Map<string, number>();
function secureContext(version: Version, ciphers: string | undefined, ca: string | Buffer | undefined): tls.SecureContext {
  let caId = 0;
  if (ca !== undefined) {
    const pem = ca.toString();
    caId = caIds.get(pem) ?? caIds.size + 1;
    caIds.set(pem, caId);
  }
  const key = `${caId}|${version}|${ciphers ?? ""}`;
  let context = contexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ minVersion: version, maxVersion: version, ciphers, ca: ca === undefined ? undefined : [...tls.rootCertificates, ca] });
    contexts.set(key, context);
  }
  return context;
}

function classify(error: NodeJS.ErrnoException): Attempt {
  const code = error.code ?? "";
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"].includes(code)) return { ok: false, kind: "network", error: `${code}: ${error.message}` };
  return { ok: false, kind: "rejected", error: code ? `${code}: ${error.message.split("\n")[0]}` : error.message };
}

function handshake(req: HandshakeRequest): Promise<Attempt> {
  return new Promise((resolve) => {
    let settled = false;
    let tcpConnected = false;
    let socket: tls.TLSSocket | null = null;
    const timer = setTimeout(() => finish({ ok: false, kind: "timeout", error: `timeout after ${req.timeoutMs} ms (${tcpConnected ? "TCP connected, no TLS answer" : "no TCP connection"})` }), req.timeoutMs);
    function finish(attempt: Attempt) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(attempt);
    }
    try {
      // Hostname is checked apart (certificateFacts), so `authorized` means a trusted, valid chain only.
      const secure = secureContext(req.version, req.ciphers, req.ca);
      // noDelay (a net.Socket#connect option @types/node leaves out of tls.ConnectionOptions): without it
      // a client flight of several records waits out delayed ACKs, 40 ms each on Linux.
      const connectOptions: tls.ConnectionOptions & { noDelay: boolean } = { host: req.host, port: req.port, servername: req.servername, secureContext: secure, rejectUnauthorized: false, checkServerIdentity: () => undefined, noDelay: true };
      socket = tls.connect(connectOptions);
    } catch (error) {
      finish({ ok: false, kind: "local", error: (error as Error).message });
      return;
    }
    const s = socket;
    s.once("connect", () => (tcpConnected = true));
    s.once("secureConnect", () => finish({ ok: true, hs: readHandshake(s) }));
    s.once("error", (error) => finish(classify(error)));
    s.once("close", () => finish({ ok: false, kind: "rejected", error: "connection closed during the handshake" }));
  });
}

function readHandshake(socket: tls.TLSSocket): Handshake {
  const protocol = socket.getProtocol();
  const cipher = socket.getCipher();
  const name = cipher.standardName || cipher.name;
  const tls13 = protocol === "TLSv1.3";
  const eph = socket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
  const peer = socket.getPeerCertificate(true);
  return {
    protocol,
    cipher: name,
    bits: cipherBits(name),
    forwardSecrecy: tls13 || /^TLS_(EC)?DHE_|^(ECDHE|DHE|EDH)-/.test(name) || /^(ECDHE|DHE|EDH)-/.test(cipher.name),
    aead: tls13 || /GCM|CHACHA20|CCM/i.test(name),
    ephemeralKey: eph?.type && eph.size ? { type: eph.type, name: eph.name ?? null, bits: eph.size } : null,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    peer: peer && peer.raw ? peer : null,
  };
}

// ------------------------------------------------------------------ certificate facts

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp256r1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224, prime192v1: 192, brainpoolP256r1: 256, brainpoolP384r1: 384, brainpoolP512r1: 512 };

function certificateFacts(hs: Handshake, hostname: string): TlsProbeResult["certificate"] {
  const peer = hs.peer;
  if (!peer) return null;
  const x509 = new X509Certificate(peer.raw);
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType;
  const keyType = type === "rsa" || type === "rsa-pss" ? "RSA" : type === "ec" ? "EC" : type === "ed25519" ? "Ed25519" : type === "dsa" ? "DSA" : "unknown";
  const keyBits = details.modulusLength ?? (details.namedCurve ? (CURVE_BITS[details.namedCurve] ?? null) : null) ?? (type === "ed25519" ? 256 : null) ?? (peer.bits || null);
  const notBefore = new Date(x509.validFrom);
  const notAfter = new Date(x509.validTo);
  const now = Date.now();
  const subject = x509.subject.split("\n").join(", ");
  const issuer = x509.issuer.split("\n").join(", ");
  const seen = new Set<string>();
  for (let c: tls.DetailedPeerCertificate | undefined = peer; c && c.fingerprint256 && !seen.has(c.fingerprint256); c = c.issuerCertificate) seen.add(c.fingerprint256);
  return {
    subject,
    issuer,
    trusted: hs.authorized,
    authorizationError: hs.authorizationError,
    selfSigned: !hs.authorized && (hs.authorizationError === "DEPTH_ZERO_SELF_SIGNED_CERT" || subject === issuer),
    expired: now > notAfter.getTime(),
    notYetValid: now < notBefore.getTime(),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now) / 86_400_000),
    keyType,
    keyBits,
    signatureAlgorithm: signatureAlgorithmFromDer(peer.raw),
    hostnameMatch: tls.checkServerIdentity(hostname, peer) === undefined,
    chainLength: seen.size,
  };
}

// ------------------------------------------------------------------ the probe

export async function probeTls(host: string, options: TlsProbeOptions = {}): Promise<TlsProbeResult> {
  const port = options.port ?? 443;
  const timeoutMs = options.timeoutMs ?? 5000;
  const servername = options.servername ?? (net.isIP(host) ? undefined : host);
  const base = { host, port, servername, timeoutMs };
  const probedAt = new Date().toISOString();
  const protocols: TlsProbeResult["protocols"] = { TLSv1: null, "TLSv1.1": null, "TLSv1.2": null, "TLSv1.3": null };
  const untestable: string[] = [];

  const mainCiphers = (v: Version) => (v === "TLSv1" || v === "TLSv1.1" ? LEGACY_CIPHERS : MODERN_CIPHERS);
  const main = await Promise.all(
    VERSIONS.map(async (version): Promise<Attempt | null> => {
      if (!(await canOffer(version, mainCiphers(version)))) return null;
      return handshake({ ...base, version, ciphers: mainCiphers(version) });
    }),
  );
  const handshakes = new Map<Version, Handshake>();
  const failures: Attempt[] = [];
  VERSIONS.forEach((version, i) => {
    const attempt = main[i];
    if (attempt === null) untestable.push(version);
    else if (attempt.ok) handshakes.set(version, attempt.hs);
    else failures.push(attempt);
    protocols[version] = attempt === null ? null : attempt.ok;
  });
  const weak = localWeakFamilies();
  const supported = VERSIONS.filter((v) => handshakes.has(v));
  const highest = supported[supported.length - 1];
  const best = highest ? handshakes.get(highest) : undefined;
  if (!highest || !best) {
    const failure = failures.find((f) => !f.ok && f.kind === "network") ?? failures.find((f) => !f.ok && f.kind === "timeout") ?? failures[0];
    const error = failure && !failure.ok ? (failure.kind === "rejected" ? `no TLS version accepted (${failure.error})` : failure.error) : "no TLS version could be tried";
    return { host, port, probedAt, protocols, untestable, certificate: null, negotiated: null, cipherSummary: null, untestableCiphers: weak.untestable, error };
  }

  // Cipher-family handshakes, only for what the main ones left open: a 256-bit suite (best), a
  // 128-bit one (worst), weaker families, forward secrecy and AEAD.
  const all = [...handshakes.values()];
  const seen = (test: (bits: number) => boolean) => all.some((h) => h.bits !== null && test(h.bits));
  const family = (v: Version) => (v === "TLSv1.3" ? "tls13" : "legacy");
  const extra: Promise<Attempt>[] = [];
  for (const version of supported) {
    if (!seen((bits) => bits >= 256)) extra.push(handshake({ ...base, version, ciphers: PROBE_256[family(version)] }));
    if (!seen((bits) => bits <= 128)) extra.push(handshake({ ...base, version, ciphers: PROBE_128[family(version)] }));
    if (version !== "TLSv1.3" && weak.offerable.length) extra.push(handshake({ ...base, version, ciphers: `${weak.offerable.join(":")}@SECLEVEL=0` }));
  }
  // With extra roots, trust is judged on one more handshake of the best version that carries them.
  const trustRequest = { ...base, version: highest, ciphers: mainCiphers(highest), ca: options.ca };
  const trustCheck = options.ca === undefined ? null : handshake(trustRequest).then((a) => (a.ok ? a : handshake(trustRequest)));
  const legacyTop = [...supported].reverse().find((v) => v !== "TLSv1.3");
  if (legacyTop && !all.some((h) => h.forwardSecrecy)) extra.push(handshake({ ...base, version: legacyTop, ciphers: FS_PROBE }));
  if (handshakes.has("TLSv1.2") && !all.some((h) => h.aead)) extra.push(handshake({ ...base, version: "TLSv1.2", ciphers: AEAD_PROBE }));
  for (const attempt of await Promise.all(extra)) if (attempt.ok) all.push(attempt.hs);
  const trusted = trustCheck ? await trustCheck : null;
  const certificateSource = trusted === null ? best : trusted.ok ? trusted.hs : { ...best, authorized: false, authorizationError: `trust check failed: ${trusted.error}` };

  const measured = all.filter((h) => h.bits !== null);
  const weakest = measured.reduce<Handshake | null>((low, h) => (low === null || (h.bits ?? 0) < (low.bits ?? 0) ? h : low), null);
  const strongest = measured.reduce((high, h) => Math.max(high, h.bits ?? 0), 0);
  return {
    host,
    port,
    probedAt,
    protocols,
    untestable,
    certificate: certificateFacts(certificateSource, options.servername ?? host),
    negotiated: { protocol: best.protocol, cipher: best.cipher, cipherBits: best.bits, forwardSecrecy: best.forwardSecrecy, aead: best.aead, ephemeralKey: best.ephemeralKey },
    cipherSummary: weakest
      ? { bestBits: strongest, worstBits: weakest.bits ?? 0, weakestCipher: weakest.cipher, forwardSecrecy: all.some((h) => h.forwardSecrecy), aead: all.some((h) => h.aead), accepted: [...new Set(all.map((h) => h.cipher))].sort() }
      : null,
    untestableCiphers: weak.untestable,
    error: null,
  };
}

/** Probes many endpoints with at most `concurrency` (default 16) in flight; results keep the targets' order. */
export async function probeMany(targets: TlsProbeTarget[], options: TlsProbeOptions & { concurrency?: number } = {}): Promise<TlsProbeResult[]> {
  const { concurrency = 16, ...probeOptions } = options;
  const results: TlsProbeResult[] = new Array(targets.length);
  let next = 0;
  async function worker() {
    while (next < targets.length) {
      const i = next++;
      const target = targets[i];
      const t = typeof target === "string" ? { host: target } : target;
      results[i] = await probeTls(t.host, { ...probeOptions, ...(t.port !== undefined ? { port: t.port } : {}), ...(t.servername ? { servername: t.servername } : {}) });
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, targets.length)) }, worker));
  return results;
}
