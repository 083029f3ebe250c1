import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("environment", () => {
  it("has defaults that let a newcomer start with nothing set", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ SIBYL_DATA_DIR: ".data", SIBYL_BCRYPT_COST: 12 });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("reports each problem on its own line", () => {
    try {
      parseEnv({ DATABASE_URL: "mysql://x", AUTH_SECRET: "short", SIBYL_ADMIN_EMAIL: "a@b.co", AUTH_OIDC_ISSUER: "https://id.example.com" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems.join("\n");
      expect(problems).toMatch(/DATABASE_URL: must be a postgres/);
      expect(problems).toMatch(/AUTH_SECRET: must be at least 32/);
      expect(problems).toMatch(/SIBYL_ADMIN_PASSWORD: .* set together/);
      expect(problems).toMatch(/AUTH_OIDC_ISSUER: .* set together/);
    }
  });

  it("requires AUTH_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET: is required in production/);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) }).AUTH_SECRET).toHaveLength(32);
  });
});
