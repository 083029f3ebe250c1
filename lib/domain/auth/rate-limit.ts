// Sign-in throttling: after too many recent failures for one account, or from
// one address, further attempts are refused until the window passes. Counting
// failures for unknown accounts too keeps the limiter from revealing which exist.

export interface RateLimitPolicy {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

export interface RecentFailures {
  account: number;
  address: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; reason: "account" | "address"; retryAfterMinutes: number };

export function decideSignIn(policy: RateLimitPolicy, failures: RecentFailures): RateLimitDecision {
  if (failures.account >= policy.maxFailuresPerAccount) {
    return { allowed: false, reason: "account", retryAfterMinutes: policy.windowMinutes };
  }
  if (failures.address >= policy.maxFailuresPerAddress) {
    return { allowed: false, reason: "address", retryAfterMinutes: policy.windowMinutes };
  }
  return { allowed: true };
}

export function windowStart(now: Date, policy: RateLimitPolicy): Date {
  return new Date(now.getTime() - policy.windowMinutes * 60_000);
}

/** Normalises an email for counting and lookup. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The client address from proxy headers, falling back to "unknown". */
export function clientAddress(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for");
  if (forwarded) {
    const first = forwarded.split(",")[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return (headers.get("x-real-ip") ?? "unknown").slice(0, 64);
}
