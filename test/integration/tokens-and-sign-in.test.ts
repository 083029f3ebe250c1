import { beforeAll, describe, expect, it, vi } from "vitest";
import { count, eq } from "drizzle-orm";
import postgres from "postgres";
import type { DatabaseHandle, Db } from "@/db/client";
import { apiTokens, auditLog, signInAttempts, users } from "@/db/schema";
import { hashApiToken } from "@/lib/domain/auth/api-token";
import type { Actor } from "@/lib/server/actor";
import { verifyCredentials } from "@/lib/server/auth/credentials";
import { hashPassword } from "@/lib/server/auth/password";
import { LAST_USED_INTERVAL_MS, TOKEN_CACHE_TTL_MS, TOKEN_REFRESH_AHEAD_MS, tokenActor } from "@/lib/server/auth/token-cache";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/server/dal/tokens";
import { setUserDisabled, updateUserRole } from "@/lib/server/dal/users";
import { INVALIDATION_CHANNEL, notifyDecisionsChanged, onInvalidation } from "@/lib/server/policies/notify";
import { ValidationError } from "@/lib/validation/errors";
import { useTestDatabase } from "../db";

let handle: DatabaseHandle;
let db: Db;
let admin: Actor;
const policy = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 12, windowMinutes: 15 };

beforeAll(async () => {
  handle = await useTestDatabase();
  db = handle.db;
  const passwordHash = await hashPassword("the right password", 4);
  const [row] = await db.insert(users).values({ email: "admin@example.com", name: "Admin", role: "admin", passwordHash }).returning({ id: users.id });
  admin = { userId: row.id, label: "admin@example.com", role: "admin" };
  await db.insert(users).values({ email: "gone@example.com", name: "Gone", role: "secops", passwordHash, disabledAt: new Date() });
});

describe("API tokens", () => {
  it("shows the token once and stores only its hash", async () => {
    const created = await createApiToken(db, admin, { name: "ci-payments", scopes: ["ingest", "read", "read"], expiresInDays: 30 });
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row.tokenHash).toBe(hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    expect(row.scopes).toEqual(["ingest", "read"]);
    expect(row.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const listed = await listApiTokens(db, admin);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    await revokeApiToken(db, admin, { tokenId: created.id });
    const [revoked] = await db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(revoked.revokedAt).not.toBeNull();
    const actions = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(actions.map((a) => a.action)).toEqual(["token.create", "token.revoke"]);
  });

  it("refuses bad token input and changes nothing", async () => {
    const [before] = await db.select({ n: count() }).from(apiTokens);
    for (const input of [{ name: "", scopes: ["read"], expiresInDays: 30 }, { name: "x", scopes: [], expiresInDays: 30 }, { name: "x", scopes: ["admin"], expiresInDays: 30 }, { name: "x", scopes: ["read"], expiresInDays: 3 }]) {
      await expect(createApiToken(db, admin, input)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(revokeApiToken(db, admin, { tokenId: "not-a-uuid" })).rejects.toBeInstanceOf(ValidationError);
    const [after] = await db.select({ n: count() }).from(apiTokens);
    expect(after.n).toBe(before.n);
  });
});

describe("API token cache", () => {
  const ip = "10.0.9.9";
  const lastUsed = async (id: string) => (await db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0].at;

  it("looks a token up once per TTL, records its use at most once a minute and refuses it from its expiry instant", async () => {
    const created = await createApiToken(db, admin, { name: "cached", scopes: ["read"], expiresInDays: 30 });
    const t0 = Date.now();
    expect(await tokenActor(handle, created.token, ip, t0)).toMatchObject({ tokenId: created.id, userId: admin.userId, role: "admin", label: "token:cached", ip });
    expect((await lastUsed(created.id))?.getTime()).toBe(t0);
    // Cleared behind the cache's back: neither looked up again nor re-written within the minute…
    await db.update(apiTokens).set({ lastUsedAt: null }).where(eq(apiTokens.id, created.id));
    expect(await tokenActor(handle, created.token, ip, t0 + LAST_USED_INTERVAL_MS - 1)).not.toBeNull();
    expect(await lastUsed(created.id)).toBeNull();
    // …but written again once it has passed.
    expect(await tokenActor(handle, created.token, ip, t0 + LAST_USED_INTERVAL_MS)).not.toBeNull();
    expect((await lastUsed(created.id))?.getTime()).toBe(t0 + LAST_USED_INTERVAL_MS);
    const [{ expiresAt }] = await db.select({ expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.id, created.id));
    const expiry = (expiresAt as Date).getTime();
    expect(await tokenActor(handle, created.token, ip, expiry - 1)).not.toBeNull();
    // Cached a millisecond ago, refused now: expiry is checked on every use.
    expect(await tokenActor(handle, created.token, ip, expiry)).toBeNull();
  });

  it("sends one lookup when many requests find the same token's entry expired", async () => {
    const created = await createApiToken(db, admin, { name: "burst", scopes: ["read"], expiresInDays: 30 });
    const t0 = Date.now();
    expect(await tokenActor(handle, created.token, ip, t0)).not.toBeNull();
    // Counts the lookups the cache sends to the (real) database; every call goes through.
    const select = vi.spyOn(handle.db, "select");
    try {
      const later = t0 + TOKEN_CACHE_TTL_MS + 1;
      const actors = await Promise.all(Array.from({ length: 25 }, () => tokenActor(handle, created.token, ip, later)));
      expect(actors.every((a) => a?.tokenId === created.id)).toBe(true);
      expect(select).toHaveBeenCalledTimes(1);
      // …and the refreshed entry serves the next requests without another lookup.
      expect(await tokenActor(handle, created.token, ip, later + 1)).not.toBeNull();
      expect(select).toHaveBeenCalledTimes(1);
    } finally {
      select.mockRestore();
    }
  });

  it("refreshes an entry in use during its last seconds in the background, without making the request wait", async () => {
    const created = await createApiToken(db, admin, { name: "steady", scopes: ["ingest"], expiresInDays: 30 });
    const t0 = Date.now();
    expect(await tokenActor(handle, created.token, ip, t0)).not.toBeNull();
    const select = vi.spyOn(handle.db, "select");
    try {
      // Not yet in its last seconds: served, nothing looked up.
      expect(await tokenActor(handle, created.token, ip, t0 + TOKEN_CACHE_TTL_MS - TOKEN_REFRESH_AHEAD_MS - 1)).not.toBeNull();
      expect(select).toHaveBeenCalledTimes(0);
      // In them: served from the entry at once, and one lookup starts behind it (not one per request).
      const soon = t0 + TOKEN_CACHE_TTL_MS - 1_000;
      const actors = await Promise.all(Array.from({ length: 5 }, () => tokenActor(handle, created.token, ip, soon)));
      expect(actors.every((a) => a?.tokenId === created.id)).toBe(true);
      expect(select).toHaveBeenCalledTimes(1);
      // Once it has landed, the entry runs a full TTL from then: past the old end, still no lookup.
      await vi.waitFor(async () => {
        expect(await tokenActor(handle, created.token, ip, t0 + TOKEN_CACHE_TTL_MS + 1)).not.toBeNull();
        expect(select).toHaveBeenCalledTimes(1);
      });
    } finally {
      select.mockRestore();
    }
  });

  it("is cleared by token and user changes (and a reconnect), not by the decisions notices every ingest sends", async () => {
    const created = await createApiToken(db, admin, { name: "through-ingests", scopes: ["ingest"], expiresInDays: 30 });
    expect(await tokenActor(handle, created.token, ip)).not.toBeNull();
    const heard: string[] = [];
    const stop = onInvalidation((kind) => heard.push(kind));
    const select = vi.spyOn(handle.db, "select");
    try {
      await notifyDecisionsChanged(db, "decisions");
      await vi.waitFor(() => expect(heard).toContain("decisions"));
      expect(await tokenActor(handle, created.token, ip)).not.toBeNull();
      expect(select).toHaveBeenCalledTimes(0);
      for (const kind of ["tokens", "all"] as const) {
        await notifyDecisionsChanged(db, kind);
        await vi.waitFor(() => expect(heard).toContain(kind));
        const before = select.mock.calls.length;
        expect(await tokenActor(handle, created.token, ip)).not.toBeNull();
        expect(select.mock.calls.length).toBe(before + 1);
      }
    } finally {
      select.mockRestore();
      stop();
    }
  });

  it("refuses a revoked token at once in this process", async () => {
    const created = await createApiToken(db, admin, { name: "revoked-here", scopes: ["read"], expiresInDays: 30 });
    expect(await tokenActor(handle, created.token, ip)).not.toBeNull();
    await revokeApiToken(db, admin, { tokenId: created.id });
    expect(await tokenActor(handle, created.token, ip)).toBeNull();
  });

  it("hears a revocation from another process through NOTIFY, and bounds an unannounced change by the TTL", async () => {
    const other = postgres(handle.url as string, { max: 1, onnotice: () => {} });
    try {
      // A change nobody announces is served from the cache until the TTL runs out (so the cache really is one).
      const quiet = await createApiToken(db, admin, { name: "quiet", scopes: ["read"], expiresInDays: 30 });
      expect(await tokenActor(handle, quiet.token, ip)).not.toBeNull();
      await other`update api_tokens set revoked_at = now() where id = ${quiet.id}`;
      expect(await tokenActor(handle, quiet.token, ip)).not.toBeNull();
      expect(await tokenActor(handle, quiet.token, ip, Date.now() + TOKEN_CACHE_TTL_MS + 1)).toBeNull();
      // Another process's revocation commits with its NOTIFY: this process's LISTEN clears the cache.
      const announced = await createApiToken(db, admin, { name: "announced", scopes: ["read"], expiresInDays: 30 });
      expect(await tokenActor(handle, announced.token, ip)).not.toBeNull();
      await other.begin(async (tx) => {
        await tx`update api_tokens set revoked_at = now() where id = ${announced.id}`;
        await tx`select pg_notify(${INVALIDATION_CHANNEL}, 'tokens')`;
      });
      await expect.poll(() => tokenActor(handle, announced.token, ip), { timeout: 10_000, interval: 20 }).toBeNull();
    } finally {
      await other.end({ timeout: 5 });
    }
  });

  it("follows its user's role change and refuses it once the user is disabled", async () => {
    const [owner] = await db.insert(users).values({ email: "token-owner@example.com", name: "Token owner", role: "admin" }).returning({ id: users.id });
    const created = await createApiToken(db, { userId: owner.id, label: "token-owner@example.com", role: "admin" }, { name: "owned", scopes: ["read", "triage"], expiresInDays: 30 });
    expect(await tokenActor(handle, created.token, ip)).toMatchObject({ role: "admin" });
    await updateUserRole(db, admin, { userId: owner.id, role: "auditor" });
    expect(await tokenActor(handle, created.token, ip)).toMatchObject({ role: "auditor" });
    await setUserDisabled(db, admin, { userId: owner.id, disabled: true });
    expect(await tokenActor(handle, created.token, ip)).toBeNull();
    await setUserDisabled(db, admin, { userId: owner.id, disabled: false });
    expect(await tokenActor(handle, created.token, ip)).toMatchObject({ role: "auditor" });
  });
});

describe("sign-in", () => {
  it("accepts the right password, records the attempt and audits the sign-in", async () => {
    const outcome = await verifyCredentials(db, { email: "ADMIN@example.com", password: "the right password" }, "10.0.0.1", policy);
    expect(outcome).toEqual({ ok: true, user: { id: admin.userId, email: "admin@example.com", name: "Admin", role: "admin" } });
    const audits = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.actorUserId, admin.userId as string));
    expect(audits.map((a) => a.action)).toContain("auth.sign_in");
  });

  it("gives the same answer for a wrong password, an unknown account and a disabled account", async () => {
    for (const [email, password] of [["admin@example.com", "wrong"], ["nobody@example.com", "the right password"], ["gone@example.com", "the right password"]]) {
      expect(await verifyCredentials(db, { email, password }, "10.0.0.2", policy)).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await verifyCredentials(db, { email: "x".repeat(300), password: "" }, "10.0.0.2", policy)).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks an account after five failures, even for the right password", async () => {
    for (let i = 0; i < 4; i++) await verifyCredentials(db, { email: "admin@example.com", password: `bad ${i}` }, `10.0.1.${i}`, policy);
    // One failure was recorded by the previous test; this is the fifth.
    expect((await verifyCredentials(db, { email: "admin@example.com", password: "bad" }, "10.0.1.9", policy)).ok).toBe(false);
    expect(await verifyCredentials(db, { email: "admin@example.com", password: "the right password" }, "10.0.1.10", policy)).toEqual({ ok: false, reason: "rate_limited" });
    // The window passing unlocks it.
    const later = new Date(Date.now() + 16 * 60_000);
    expect((await verifyCredentials(db, { email: "admin@example.com", password: "the right password" }, "10.0.1.11", policy, later)).ok).toBe(true);
  });

  it("limits failures per address across accounts", async () => {
    for (let i = 0; i < 12; i++) await verifyCredentials(db, { email: `spray${i}@example.com`, password: "guess" }, "203.0.113.7", policy);
    expect(await verifyCredentials(db, { email: "admin@example.com", password: "the right password" }, "203.0.113.7", policy)).toEqual({ ok: false, reason: "rate_limited" });
    const [attempts] = await db.select({ n: count() }).from(signInAttempts).where(eq(signInAttempts.ipAddress, "203.0.113.7"));
    expect(attempts.n).toBe(13);
  });
});
