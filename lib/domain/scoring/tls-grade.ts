// Grades a TLS endpoint the way SSL Labs' "SSL Server Rating Guide" (2009r) does, as testssl.sh's
// `run_rating` implements it: 0.3 protocol + 0.3 key exchange + 0.4 cipher strength (bash integer
// arithmetic), letter thresholds, grade caps (T, M, F, C, B) and warnings; then maps it to Sibyl's transport factor.
import type { FactorResult, Improvement, ScoreCap, TlsProbeResult } from "./types";

export type TlsGrade = "A+" | "A" | "B" | "C" | "D" | "E" | "F" | "T" | "M";
export interface TlsGradeCap {
  grade: "T" | "M" | "F" | "C" | "B";
  reason: string;
  /** Stable id, used for Sibyl's ScoreCap and for the improvements that remove it. */
  id: string;
}
export interface TlsGradeResult {
  /** Final score as testssl.sh reports it: 0 once an F, T or M cap applies (it skips the calculation then). */
  score: number;
  /** The weighted score before any cap. */
  uncappedScore: number;
  grade: TlsGrade;
  protocolScore: number;
  keyExchangeScore: number;
  cipherScore: number;
  caps: TlsGradeCap[];
  /** Things that keep an A from becoming A+ (testssl.sh's GRADE_WARNINGS). */
  warnings: string[];
  /** Limits of the probe itself (versions or cipher families this machine could not test). */
  notes: string[];
}

/** HSTS max-age SSL Labs asks for A+ (testssl.sh HSTS_MIN = 180 days). */
export const HSTS_MIN_SECONDS = 180 * 86400;
const EXPIRY_WARNING_DAYS = 30;
type Letter = "A" | "B" | "C" | "D" | "E" | "F";

/** testssl.sh set_key_str_score: RSA/DH sizes and EC/EdDSA sizes on separate ladders. */
export function keyStrengthScore(kind: "RSA" | "EC", bits: number): number {
  const ladder = kind === "EC" ? [110, 123, 163, 225] : [512, 1024, 2048, 4096];
  const scores = [20, 40, 80, 90];
  for (let i = 0; i < ladder.length; i++) if (bits < ladder[i]) return scores[i];
  return 100;
}

function cipherBitsScore(bits: number, worst: boolean): number {
  if (worst) {
    if (bits > 0 && bits < 128) return 20;
    if (bits >= 128 && bits < 256) return 80;
    return bits >= 256 ? 100 : 0;
  }
  if (bits >= 256) return 100;
  if (bits >= 128) return 80;
  return bits >= 0 ? 20 : 0;
}

function letterFor(score: number): Letter {
  if (score >= 80) return "A";
  if (score >= 65) return "B";
  if (score >= 50) return "C";
  if (score >= 35) return "D";
  if (score >= 20) return "E";
  return "F";
}

function offered(result: TlsProbeResult, version: keyof TlsProbeResult["protocols"]): boolean {
  return result.protocols[version] === true;
}

function keyExchange(result: TlsProbeResult): number {
  let score = 100;
  const cert = result.certificate;
  if (cert?.keyBits) {
    const kind = cert.keyType === "EC" || cert.keyType === "Ed25519" ? "EC" : "RSA";
    score = Math.min(score, keyStrengthScore(kind, cert.keyBits));
  }
  const eph = result.negotiated?.ephemeralKey;
  if (eph?.bits) score = Math.min(score, keyStrengthScore(eph.type === "DH" ? "RSA" : "EC", eph.bits));
  return score;
}

export function gradeTls(result: TlsProbeResult, hsts?: { maxAge: number }): TlsGradeResult {
  const notes = [
    ...result.untestable.map((v) => `${v} could not be tested: this machine's OpenSSL cannot offer it`),
    ...(result.untestableCiphers ?? []).map((c) => `${c} cipher suites could not be tested: this machine's OpenSSL cannot offer them`),
  ];
  const anyOffered = (["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const).some((v) => offered(result, v));
  if (result.error || !anyOffered || !result.certificate) {
    const reason = `No TLS handshake completed${result.error ? `: ${result.error}` : ""}`;
    return { score: 0, uncappedScore: 0, grade: "F", protocolScore: 0, keyExchangeScore: 0, cipherScore: 0, caps: [{ grade: "F", reason, id: "transport.no-tls" }], warnings: [], notes };
  }
  const cert = result.certificate;
  const caps: TlsGradeCap[] = [];
  const cap = (grade: TlsGradeCap["grade"], id: string, reason: string) => caps.push({ grade, id, reason });

  // Category 1: protocol support, average of best and worst offered.
  const best = offered(result, "TLSv1.3") || offered(result, "TLSv1.2") ? 100 : offered(result, "TLSv1.1") ? 95 : 90;
  const worst = offered(result, "TLSv1") ? 90 : offered(result, "TLSv1.1") ? 95 : 100;
  const protocolScore = Math.floor((best + worst) / 2);

  // Category 2: key exchange, the weakest of the certificate key and the ephemeral key.
  const keyExchangeScore = keyExchange(result);

  // Category 3: cipher strength, average of the strongest and weakest suite seen.
  // A suite whose key size is unknown (not in the probe's name table) counts as 128 bits, with a note.
  const summary = result.cipherSummary;
  const knownBits = summary?.worstBits ?? result.negotiated?.cipherBits ?? null;
  if (knownBits === null) notes.push(`Key size of ${result.negotiated?.cipher ?? "the negotiated cipher"} unknown; counted as 128 bits`);
  const bestBits = summary?.bestBits ?? result.negotiated?.cipherBits ?? 128;
  const worstBits = knownBits ?? 128;
  const cipherScore = Math.floor((cipherBitsScore(bestBits, false) + cipherBitsScore(worstBits, true)) / 2);

  const weighted = Math.floor((protocolScore * 30) / 100) + Math.floor((keyExchangeScore * 30) / 100) + Math.floor((cipherScore * 40) / 100);
  const uncappedScore = protocolScore === 0 || keyExchangeScore === 0 || cipherScore === 0 ? 0 : weighted;

  // Caps, in testssl.sh's wording where it has one.
  const sig = (cert.signatureAlgorithm ?? "").toLowerCase();
  if (cert.expired) cap("T", "transport.expired-certificate", `Certificate expired on ${cert.notAfter}`);
  if (cert.notYetValid) cap("T", "transport.certificate-not-yet-valid", `Certificate is not valid before ${cert.notBefore}`);
  if (cert.selfSigned) cap("T", "transport.self-signed-certificate", "Self-signed certificate");
  if (!cert.trusted && !cert.expired && !cert.notYetValid && !cert.selfSigned) {
    cap("T", "transport.untrusted-certificate", `Certificate chain not trusted${cert.authorizationError ? ` (${cert.authorizationError})` : ""}`);
  }
  if (/sha1|sha-1/.test(sig)) cap("T", "transport.sha1-signature", "Certificate signed with SHA-1");
  if (!cert.hostnameMatch) cap("M", "transport.hostname-mismatch", `Certificate does not cover ${result.host}`);
  if (/md5|md2/.test(sig)) cap("F", "transport.md5-signature", "Certificate signed with MD5/MD2");
  if (worstBits < 112) cap("F", "transport.weak-cipher", `Cipher suites weaker than 112 bits offered${summary?.weakestCipher ? ` (${summary.weakestCipher})` : ""}`);
  if (keyExchangeScore <= 40) cap("F", "transport.insecure-key", "Using an insecure public key and/or ephemeral key");
  else if (keyExchangeScore <= 80) cap("B", "transport.weak-key", "Using a weak public key and/or ephemeral key (RSA under 2048 bits)");
  if (!offered(result, "TLSv1.2") && !offered(result, "TLSv1.3")) cap("C", "transport.no-tls12", "TLS 1.2 is not offered");
  if (offered(result, "TLSv1")) cap("B", "transport.tls10", "TLS 1.0 offered");
  if (offered(result, "TLSv1.1")) cap("B", "transport.tls11", "TLS 1.1 offered");
  if (!(summary?.forwardSecrecy ?? result.negotiated?.forwardSecrecy ?? false)) cap("B", "transport.no-forward-secrecy", "Forward secrecy is not supported");
  if (!(summary?.aead ?? result.negotiated?.aead ?? false)) cap("B", "transport.no-aead", "No AEAD cipher suite offered");

  const warnings: string[] = [];
  if (!hsts) warnings.push("HSTS is not offered");
  else if (hsts.maxAge < HSTS_MIN_SECONDS) warnings.push(`HSTS max-age is too short (${Math.floor(hsts.maxAge / 86400)} days; A+ needs 180)`);
  if (!cert.expired && cert.daysLeft < EXPIRY_WARNING_DAYS) notes.push(`Certificate expires in ${cert.daysLeft} days`);

  // T and M are hard caps (T before M when both apply); otherwise the lowest letter cap wins.
  const hard = caps.find((c) => c.grade === "T") ?? caps.find((c) => c.grade === "M");
  const letterCap = caps.filter((c) => c.grade !== "T" && c.grade !== "M").reduce<string | null>((low, c) => (low === null || c.grade > low ? c.grade : low), null);
  const preCap = letterFor(uncappedScore);
  let grade: TlsGrade;
  if (hard) grade = hard.grade;
  else if (letterCap && preCap <= letterCap) grade = letterCap as TlsGrade;
  else if (!letterCap && preCap === "A") grade = warnings.length === 0 ? "A+" : "A";
  else grade = preCap;
  const score = hard || letterCap === "F" ? 0 : uncappedScore;
  return { score, uncappedScore, grade, protocolScore, keyExchangeScore, cipherScore, caps, warnings, notes };
}

// ------------------------------------------------------------------ Sibyl's transport factor

/** Each TLS letter occupies a band of Sibyl's 0–100 scale (A 90–99, B 80–89 …); A+ is 100; T and M are 0. */
const BANDS: Record<Letter, { from: number; to: number; low: number; high: number }> = {
  A: { from: 80, to: 100, low: 90, high: 99 },
  B: { from: 65, to: 80, low: 80, high: 89 },
  C: { from: 50, to: 65, low: 70, high: 79 },
  D: { from: 35, to: 50, low: 60, high: 69 },
  E: { from: 20, to: 35, low: 50, high: 59 },
  F: { from: 0, to: 20, low: 0, high: 49 },
};

export function tlsSubscore(grade: TlsGradeResult): number {
  if (grade.grade === "T" || grade.grade === "M") return 0;
  if (grade.grade === "A+") return 100;
  const band = BANDS[letterFor(grade.uncappedScore)];
  const span = Math.max(1, band.to - band.from);
  const mapped = Math.floor(band.low + ((Math.min(grade.uncappedScore, band.to) - band.from) * (band.high - band.low)) / span);
  return Math.min(mapped, BANDS[grade.grade].high);
}

/** TLS caps that also cap the provider's reputation: a certificate the client cannot trust, or broken crypto. */
function reputationCaps(grade: TlsGradeResult): ScoreCap[] {
  return grade.caps
    .filter((c) => c.grade === "T" || c.grade === "M" || c.grade === "F")
    .map((c) => ({ id: c.id, factor: "transport" as const, reason: c.reason, maxGrade: c.grade === "F" && c.id !== "transport.no-tls" ? ("D" as const) : ("F" as const) }));
}

type Fix = { action: string; apply: (r: TlsProbeResult) => TlsProbeResult; hsts?: number; removes: string[] };

function certificateFix(result: TlsProbeResult, grade: TlsGradeResult): Fix | null {
  const cert = result.certificate;
  if (!cert) return null;
  const ids = grade.caps.filter((c) => c.grade === "T" || c.grade === "M" || c.id === "transport.md5-signature").map((c) => c.id);
  if (ids.length === 0) return null;
  const actions: string[] = [];
  if (cert.expired || cert.notYetValid) actions.push("Renew the certificate");
  if (cert.selfSigned) actions.push("Replace the self-signed certificate with one from a publicly trusted CA");
  else if (!cert.trusted && !cert.expired && !cert.notYetValid) actions.push("Serve a complete chain to a publicly trusted CA");
  if (ids.includes("transport.sha1-signature") || ids.includes("transport.md5-signature")) actions.push("Reissue the certificate with a SHA-256 signature");
  if (!cert.hostnameMatch) actions.push(`Use a certificate whose names cover ${result.host}`);
  const fixed = { ...cert, trusted: true, authorizationError: null, selfSigned: false, expired: false, notYetValid: false, hostnameMatch: true, daysLeft: Math.max(cert.daysLeft, 90), signatureAlgorithm: "sha256WithRSAEncryption" };
  return { action: actions.join("; "), apply: (r) => ({ ...r, certificate: fixed }), removes: ids };
}

function fixesFor(result: TlsProbeResult, grade: TlsGradeResult, hstsMaxAge: number | undefined): Fix[] {
  const has = (id: string) => grade.caps.some((c) => c.id === id);
  const fixes: Fix[] = [];
  const cert = certificateFix(result, grade);
  if (cert) fixes.push(cert);
  if (has("transport.tls10") || has("transport.tls11")) {
    fixes.push({ action: "Disable TLS 1.0 and 1.1", apply: (r) => ({ ...r, protocols: { ...r.protocols, TLSv1: false, "TLSv1.1": false } }), removes: ["transport.tls10", "transport.tls11"].filter(has) });
  }
  if (has("transport.no-tls12")) fixes.push({ action: "Enable TLS 1.2 and 1.3", apply: (r) => ({ ...r, protocols: { ...r.protocols, "TLSv1.2": true, "TLSv1.3": true } }), removes: ["transport.no-tls12"] });
  if (has("transport.weak-key") || has("transport.insecure-key")) {
    fixes.push({
      action: "Use a 2048-bit or larger RSA key or an EC key",
      apply: (r) => ({ ...r, certificate: r.certificate && { ...r.certificate, keyType: "EC", keyBits: 256 }, negotiated: r.negotiated && { ...r.negotiated, ephemeralKey: { type: "ECDH", name: "X25519", bits: 253 } } }),
      removes: ["transport.weak-key", "transport.insecure-key"].filter(has),
    });
  }
  const summary = result.cipherSummary ?? null;
  if (has("transport.no-forward-secrecy")) {
    fixes.push({
      action: "Enable ECDHE key exchange (forward secrecy)",
      apply: (r) => ({ ...r, negotiated: r.negotiated && { ...r.negotiated, forwardSecrecy: true, ephemeralKey: { type: "ECDH", name: "X25519", bits: 253 } }, cipherSummary: summary && { ...summary, forwardSecrecy: true } }),
      removes: ["transport.no-forward-secrecy"],
    });
  }
  if (has("transport.no-aead")) {
    fixes.push({ action: "Enable AES-GCM or ChaCha20-Poly1305 cipher suites", apply: (r) => ({ ...r, negotiated: r.negotiated && { ...r.negotiated, aead: true }, cipherSummary: summary && { ...summary, aead: true } }), removes: ["transport.no-aead"] });
  }
  if (has("transport.weak-cipher") || (summary && summary.worstBits < 128)) {
    fixes.push({
      action: `Disable cipher suites weaker than 128 bits${summary?.weakestCipher ? ` (${summary.weakestCipher})` : ""}`,
      apply: (r) => ({ ...r, cipherSummary: { bestBits: Math.max(summary?.bestBits ?? 128, 128), worstBits: 128, weakestCipher: null, forwardSecrecy: summary?.forwardSecrecy ?? r.negotiated?.forwardSecrecy ?? false, aead: summary?.aead ?? r.negotiated?.aead ?? false, accepted: [] } }),
      removes: ["transport.weak-cipher"].filter(has),
    });
  }
  if (grade.warnings.some((w) => w.startsWith("HSTS"))) {
    fixes.push({ action: "Send Strict-Transport-Security with max-age of at least 180 days", apply: (r) => r, hsts: Math.max(hstsMaxAge ?? 0, 31_536_000), removes: [] });
  }
  return fixes;
}

const VERSION_LABEL = { TLSv1: "1.0", "TLSv1.1": "1.1", "TLSv1.2": "1.2", "TLSv1.3": "1.3" } as const;

function describe(result: TlsProbeResult): string {
  const versions = (Object.keys(VERSION_LABEL) as (keyof typeof VERSION_LABEL)[]).filter((v) => offered(result, v)).map((v) => VERSION_LABEL[v]);
  const list = versions.length > 1 ? `${versions.slice(0, -1).join(", ")} and ${versions[versions.length - 1]}` : versions.join("");
  const cert = result.certificate;
  const key = cert ? `${cert.keyType}${cert.keyBits ? ` ${cert.keyBits}` : ""}` : "no certificate";
  const eph = result.negotiated?.ephemeralKey;
  const kx = result.negotiated?.forwardSecrecy ? `${eph?.type === "DH" ? "DHE" : "ECDHE"}${eph ? ` (${eph.name ?? `${eph.bits} bits`})` : ""}` : "no forward secrecy";
  return `TLS ${list}, ${key}, ${kx}, ${result.negotiated?.cipher ?? "no cipher"}`;
}

export function transportFactor(result: TlsProbeResult, options: { hstsMaxAge?: number } = {}): FactorResult {
  const hsts = options.hstsMaxAge === undefined ? undefined : { maxAge: options.hstsMaxAge };
  const grade = gradeTls(result, hsts);
  if (grade.caps.some((c) => c.id === "transport.no-tls")) {
    return { name: "transport", subscore: null, summary: `TLS probe of ${result.host}:${result.port} failed: ${result.error ?? "no handshake completed"}`, evidence: { probe: result, rating: grade }, caps: [], improvements: [] };
  }
  const subscore = tlsSubscore(grade);
  const improvements: Improvement[] = [];
  for (const fix of fixesFor(result, grade, options.hstsMaxAge)) {
    const after = tlsSubscore(gradeTls(fix.apply(result), fix.hsts !== undefined ? { maxAge: fix.hsts } : hsts));
    // A fix that neither lifts the subscore nor removes a cap (HSTS behind an untrusted certificate) waits for the others.
    if (after > subscore || fix.removes.length) improvements.push({ factor: "transport", action: fix.action, subscoreAfter: after, ...(fix.removes.length ? { removesCaps: fix.removes } : {}) });
  }
  const cert = result.certificate;
  if (cert && !cert.expired && cert.daysLeft < EXPIRY_WARNING_DAYS) {
    improvements.push({ factor: "transport", action: `Renew the certificate before it expires in ${cert.daysLeft} days`, subscoreAfter: subscore });
  }
  const capText = grade.caps.length ? `; ${grade.caps.map((c) => `${c.grade}: ${c.reason}`).join("; ")}` : "";
  return {
    name: "transport",
    subscore,
    summary: `${describe(result)}: SSL Labs-style grade ${grade.grade} (${grade.uncappedScore})${capText}`,
    evidence: { probe: result, rating: grade },
    caps: reputationCaps(grade),
    improvements,
  };
}
