// API tokens: 256 random bits with a recognisable prefix so leaked tokens can be
// found by secret scanners. Only the SHA-256 is stored; a fast hash is safe for
// secrets of this entropy (no dictionary to attack), and lets lookups use an index.
import { hash, randomBytes, timingSafeEqual } from "node:crypto";

export const TOKEN_PREFIX = "sib_";

export function generateApiToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, prefix: token.slice(0, 12), hash: hashApiToken(token) };
}

/** One-shot `crypto.hash` (no Hash object per call: the decision point hashes the bearer of every request). */
export function hashApiToken(token: string): string {
  return hash("sha256", token, "hex");
}

export function looksLikeApiToken(value: string): boolean {
  return /^sib_[A-Za-z0-9_-]{43}$/.test(value);
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads `Authorization: Bearer <token>`; returns null when absent or malformed. */
export function bearerFrom(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match && looksLikeApiToken(match[1]) ? match[1] : null;
}
