import { describe, expect, it } from "vitest";
import { bearerFrom, generateApiToken, hashApiToken, looksLikeApiToken, sameHash } from "./api-token";

describe("api tokens", () => {
  it("generates distinct, well-formed tokens whose hash is stable", () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).not.toBe(b.token);
    expect(looksLikeApiToken(a.token)).toBe(true);
    expect(a.hash).toBe(hashApiToken(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(a.prefix).toBe(a.token.slice(0, 12));
    expect(sameHash(a.hash, hashApiToken(a.token))).toBe(true);
    expect(sameHash(a.hash, b.hash)).toBe(false);
  });

  it("reads only well-formed bearer headers", () => {
    const { token } = generateApiToken();
    expect(bearerFrom(`Bearer ${token}`)).toBe(token);
    expect(bearerFrom(`bearer ${token}`)).toBe(token);
    expect(bearerFrom("Bearer nope")).toBeNull();
    expect(bearerFrom(`Basic ${token}`)).toBeNull();
    expect(bearerFrom(null)).toBeNull();
  });
});
