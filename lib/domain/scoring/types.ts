// Shared shapes of the reputation oracle: signals are evidence about a
// provider; each factor turns its signals into a 0–100 subscore (null when it
// has no data) with the evidence shown to the user, caps, and fixes.

export const FACTORS = [
  "transport",
  "http_hygiene",
  "authentication",
  "spec_hygiene",
  "sdk_vulnerabilities",
  "incidents",
  "compliance",
  "reliability",
] as const;
export type FactorName = (typeof FACTORS)[number];

export type LetterGrade = "A" | "B" | "C" | "D" | "F";

/** A limit on the final score, shown as such ("an expired certificate caps at F"). */
export interface ScoreCap {
  id: string;
  factor: FactorName;
  reason: string;
  /** The best grade allowed; the score is capped to that grade's top (F → 59, D → 69, C → 79). */
  maxGrade: LetterGrade;
}

/** A fix and the factor subscore it would lead to. */
export interface Improvement {
  factor: FactorName;
  action: string;
  subscoreAfter: number;
  /** Caps the fix removes. */
  removesCaps?: string[];
}

export interface FactorResult {
  name: FactorName;
  /** 0–100, or null when there is no data for this factor. */
  subscore: number | null;
  /** Human-readable summary line, e.g. "TLS 1.2 and 1.3 only, RSA 2048, ECDHE: SSL Labs-style grade A (92)". */
  summary: string;
  /** Structured evidence (JSON-safe) behind the subscore. */
  evidence: Record<string, unknown>;
  caps: ScoreCap[];
  improvements: Improvement[];
}

/** Result of probing one TLS endpoint. */
export interface TlsProbeResult {
  host: string;
  port: number;
  probedAt: string;
  /** Each protocol version tried separately: true when the server completed a handshake with it. */
  protocols: { "TLSv1": boolean | null; "TLSv1.1": boolean | null; "TLSv1.2": boolean | null; "TLSv1.3": boolean | null };
  /** Versions this machine's OpenSSL refused to offer at all (null above), e.g. TLS 1.0 at security level 2. */
  untestable: string[];
  certificate: {
    subject: string;
    issuer: string;
    trusted: boolean;
    authorizationError: string | null;
    selfSigned: boolean;
    expired: boolean;
    notYetValid: boolean;
    notBefore: string;
    notAfter: string;
    daysLeft: number;
    keyType: "RSA" | "EC" | "Ed25519" | "DSA" | "unknown";
    keyBits: number | null;
    signatureAlgorithm: string | null;
    hostnameMatch: boolean;
    chainLength: number;
  } | null;
  negotiated: {
    protocol: string | null;
    cipher: string | null;
    cipherBits: number | null;
    forwardSecrecy: boolean;
    aead: boolean;
    /** The (EC)DH key of the handshake, e.g. { type: "ECDH", name: "X25519", bits: 253 }. */
    ephemeralKey?: { type: string; name: string | null; bits: number } | null;
  } | null;
  /** Strength across every handshake made (per version and cipher-family probes): the rating's best and worst cipher. */
  cipherSummary?: { bestBits: number; worstBits: number; weakestCipher: string | null; forwardSecrecy: boolean; aead: boolean; accepted: string[] } | null;
  /** Cipher families this machine's OpenSSL cannot offer at all (e.g. 3DES, RC4), so the server's support for them went untested. */
  untestableCiphers?: string[];
  error: string | null;
}

/** Result of one HTTP request to a provider's API host, for header hygiene. */
export interface HttpProbeResult {
  url: string;
  status: number | null;
  /** Response header pairs as received (lower-case names). */
  headers: [string, string][];
  /** The same request with `Origin: https://<random>.example` to test CORS reflection. */
  cors: { origin: string; allowOrigin: string | null; allowCredentials: string | null } | null;
  /** For https: whether the certificate chain verified (HSTS is ignored by browsers otherwise); null for http. */
  verified?: boolean | null;
  error: string | null;
}
