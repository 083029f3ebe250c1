// The environment Sibyl reads at start-up. Every variable is listed here (and
// in the README); parseEnv reports each problem on its own line.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const roles = ["admin", "ciso", "secops", "developer", "auditor"] as const;

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    SIBYL_DATA_DIR: z.string().min(1).default(".data"),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    /** Key material for secrets Sibyl stores encrypted (webhook signing secrets); defaults to AUTH_SECRET. */
    SIBYL_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    AUTH_URL: z.url().optional(),
    AUTH_TRUST_HOST: bool,
    AUTH_OIDC_ISSUER: z.url().optional(),
    AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH_OIDC_NAME: z.string().min(1).max(60).default("Single sign-on"),
    AUTH_OIDC_AUTO_PROVISION_ROLE: z.enum(roles).optional(),
    SIBYL_ADMIN_EMAIL: z.email().optional(),
    SIBYL_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(200).optional(),
    SIBYL_BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    SIBYL_SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(5),
    SIBYL_SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(10000).default(30),
    SIBYL_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    SIBYL_DEMO: bool,
  })
  .superRefine((env, ctx) => {
    const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_CLIENT_ID, env.AUTH_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET must be set together",
      });
    }
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production (try: openssl rand -base64 32)" });
    }
    if (Boolean(env.SIBYL_ADMIN_EMAIL) !== Boolean(env.SIBYL_ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: "custom",
        path: ["SIBYL_ADMIN_PASSWORD"],
        message: "SIBYL_ADMIN_EMAIL and SIBYL_ADMIN_PASSWORD must be set together",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
  }
  return result.data;
}
