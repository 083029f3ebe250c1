import "server-only";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { hashApiToken } from "@/lib/domain/auth/api-token";
import type { Role } from "@/lib/domain/rbac/permissions";
import { SCOPE_PERMISSIONS } from "@/lib/domain/rbac/token-scopes";
import type { TokenScope } from "@/lib/validation/tokens";
import type { Actor } from "../actor";
import { listenForInvalidations, onInvalidation } from "../policies/notify";

/**
 * How long a successful token lookup is reused. Revocation, a user being disabled
 * or changing role clear the cache at once (in this process directly, in others
 * through NOTIFY `tokens`); the TTL only bounds a change made behind Sibyl's back.
 */
export const TOKEN_CACHE_TTL_MS = 30_000;
/** A cached entry used in its last this-many milliseconds is refreshed in the background. */
export const TOKEN_REFRESH_AHEAD_MS = 5_000;
/** last_used_at is written at most this often per token (it is shown to the minute). */
export const LAST_USED_INTERVAL_MS = 60_000;
const MAX_ENTRIES = 10_000;

interface TokenRow {
  id: string;
  name: string;
  scopes: TokenScope[];
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  userId: string;
  role: Role;
}

class TokenCache {
  /** Bumped by every invalidation: a lookup that started before one is not cached. */
  private generation = 0;
  private entries = new Map<string, { row: TokenRow; cachedUntil: number }>();
  /** When this process last wrote (or read a recent) last_used_at, per token id. */
  private lastUsed = new Map<string, number>();
  /** Lookups in flight, per token hash. */
  private pending = new Map<string, Promise<TokenRow | null>>();
  private listening: Promise<void> | null = null;

  constructor(private readonly handle: DatabaseHandle) {
    // Token and user changes, and a reconnected listener (anything may have changed meanwhile); not the
    // `decisions` notices every ingest and policy change sends, which say nothing of tokens.
    onInvalidation((kind) => {
      if (kind === "tokens" || kind === "all") this.invalidate();
    });
  }

  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
    // A lookup that started before the change is not shared with requests that arrive after it.
    this.pending.clear();
  }

  /** Whether this process hears invalidations from the others; until it does, nothing is cached. */
  private async heard(): Promise<boolean> {
    this.listening ??= listenForInvalidations(this.handle);
    try {
      await this.listening;
      return true;
    } catch (error) {
      this.listening = null;
      console.error("API token cache: cannot LISTEN for invalidations; looking tokens up on every request", error);
      return false;
    }
  }

  private async lookup(hash: string): Promise<TokenRow | null> {
    const [row] = await this.handle.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        scopes: apiTokens.scopes,
        expiresAt: apiTokens.expiresAt,
        lastUsedAt: apiTokens.lastUsedAt,
        revokedAt: apiTokens.revokedAt,
        userId: users.id,
        role: users.role,
        disabledAt: users.disabledAt,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.createdById))
      .where(eq(apiTokens.tokenHash, hash))
      .limit(1);
    if (!row || row.revokedAt || row.disabledAt) return null;
    return { id: row.id, name: row.name, scopes: row.scopes, expiresAt: row.expiresAt, lastUsedAt: row.lastUsedAt, userId: row.userId, role: row.role };
  }

  /** Looks the token up, once at a time per token: requests that need it meanwhile share that lookup. */
  private refresh(hash: string, now: number): Promise<TokenRow | null> {
    let pending = this.pending.get(hash);
    if (pending) return pending;
    const generation = this.generation;
    pending = (async () => {
      const cacheable = await this.heard();
      const found = await this.lookup(hash);
      if (found && cacheable && generation === this.generation) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(hash, { row: found, cachedUntil: now + TOKEN_CACHE_TTL_MS });
        if (found.lastUsedAt && !this.lastUsed.has(found.id)) this.lastUsed.set(found.id, found.lastUsedAt.getTime());
      } else if (!found && generation === this.generation) this.entries.delete(hash);
      return found;
    })();
    const mine = pending;
    this.pending.set(hash, mine);
    void mine.then(
      () => this.pending.get(hash) === mine && this.pending.delete(hash),
      () => this.pending.get(hash) === mine && this.pending.delete(hash),
    );
    return mine;
  }

  async actor(token: string, ip: string, now: number): Promise<Actor | null> {
    const hash = hashApiToken(token);
    let row: TokenRow | null;
    const cached = this.entries.get(hash);
    if (cached && cached.cachedUntil > now) {
      row = cached.row;
      // In its last seconds the entry is looked up again in the background, so that a token in steady use
      // (an exporter, a gateway) never waits for its lookup; the entry still ends at cachedUntil.
      if (cached.cachedUntil - now <= TOKEN_REFRESH_AHEAD_MS && !this.pending.has(hash)) this.refresh(hash, now).catch((error: unknown) => console.error("API token cache: refresh failed", error));
    } else {
      if (cached) this.entries.delete(hash);
      // One lookup per token at a time: when an entry expires under load, the requests that arrive
      // meanwhile wait for that lookup instead of each sending its own (a burst that queued on the pool).
      row = await this.refresh(hash, now);
    }
    if (!row) return null;
    // Checked on every use, cached or not: refused from its expiry instant on.
    if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
    const last = this.lastUsed.get(row.id);
    if (last === undefined || now - last >= LAST_USED_INTERVAL_MS || now < last) {
      this.lastUsed.set(row.id, now);
      await this.handle.db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.id));
    }
    return {
      userId: row.userId,
      tokenId: row.id,
      label: `token:${row.name}`,
      role: row.role,
      tokenPermissions: row.scopes.flatMap((s) => SCOPE_PERMISSIONS[s]),
      ip,
    };
  }
}

const state = globalThis as unknown as { sibylTokenCaches?: Map<DatabaseHandle, TokenCache> };

function cacheFor(handle: DatabaseHandle): TokenCache {
  const caches = (state.sibylTokenCaches ??= new Map());
  let cache = caches.get(handle);
  if (!cache) {
    cache = new TokenCache(handle);
    caches.set(handle, cache);
  }
  return cache;
}

/**
 * The actor an API token stands for, or null when it is unknown, revoked,
 * expired or its user is disabled. Successful lookups are cached in process
 * (TOKEN_CACHE_TTL_MS, cleared by every `tokens` invalidation); expiry is checked
 * on every call; last_used_at is written at most once a minute per token.
 */
export function tokenActor(handle: DatabaseHandle, token: string, ip: string, now = Date.now()): Promise<Actor | null> {
  return cacheFor(handle).actor(token, ip, now);
}

/** Clears this process's token cache (after a revocation or user change commits; others hear the NOTIFY). */
export function invalidateTokenCache(): void {
  for (const cache of state.sibylTokenCaches?.values() ?? []) cache.invalidate();
}
