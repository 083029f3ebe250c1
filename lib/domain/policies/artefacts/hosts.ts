// Shared rules for the artefacts: which decisions block, which strings are host
// names safe to write into a config language, how comment text is made inert,
// and how deterministic Kubernetes (DNS-1123) names are derived from data.

import type { PolicyAction } from "../types";

/** Require approval means blocked until approved; alert and allow pass. */
export function isBlocked(decision: PolicyAction): boolean {
  return decision === "quarantine" || decision === "require_approval";
}

/** Code-unit order: the same on every machine and locale (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
/** At least two labels (an external host, never a bare word nginx could read as a keyword), optional leading "*.". */
const HOST_RE = new RegExp(`^(?:\\*\\.)?(?:${LABEL}\\.)+${LABEL}$`);

/** A lower-case host name (RFC 1123 labels, ≤253 chars), optionally a "*." wildcard prefix. */
export function isValidHost(host: string): boolean {
  return host.length <= 253 && HOST_RE.test(host);
}

export function isWildcardHost(host: string): boolean {
  return host.startsWith("*.");
}

/** Host names compare in lower case; surrounding blanks are dropped. */
export function normaliseHost(host: string): string {
  return host.trim().toLowerCase();
}

const DNS1123_LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

export function isDns1123Label(name: string): boolean {
  return DNS1123_LABEL_RE.test(name);
}

/** Service account names are DNS-1123 subdomains (≤253). */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN_RE.test(name);
}

/** FNV-1a 32-bit as 8 hex digits: a short, stable, dependency-free fingerprint (not a security hash). */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * A DNS-1123 label (≤63) from a prefix and any text: the text lower-cased, every run
 * of other characters turned into "-", "*" spelt "wildcard", cut to fit, then "-" and
 * the text's hash, so two texts that read alike ("a-b.com", "a.b.com") never share a name.
 */
export function kubernetesName(prefix: string, text: string): string {
  const hash = shortHash(text);
  const readable = text
    .toLowerCase()
    .replace(/\*/g, "wildcard")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const room = 63 - prefix.length - hash.length - 2;
  const cut = readable.slice(0, Math.max(0, room)).replace(/-+$/g, "");
  return [prefix, cut, hash].filter((part) => part.length > 0).join("-");
}

/**
 * Text made inert for a one-line comment: control characters (newlines included), Unicode
 * line and paragraph separators and bidi controls become spaces, runs of blanks one space,
 * cut to `max` characters.
 */
export function sanitiseComment(text: string, max = 200): string {
  let out = "";
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    out += unsafe ? " " : ch;
  }
  const flat = out.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : flat;
}
