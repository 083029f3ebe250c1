import { z } from "zod";
import { TOKEN_SCOPES } from "@/lib/domain/rbac/token-scopes";

export { TOKEN_SCOPES, type TokenScope } from "@/lib/domain/rbac/token-scopes";

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "Name the token (e.g. ci-payments)").max(80, "Use at most 80 characters"),
  scopes: z
    .array(z.enum(TOKEN_SCOPES))
    .min(1, "Choose at least one scope")
    .max(10)
    .transform((s) => [...new Set(s)]),
  expiresInDays: z.coerce
    .number({ error: "Choose an expiry" })
    .int()
    .refine((d) => [0, 7, 30, 90, 365].includes(d), "Choose an expiry"),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const revokeTokenSchema = z.object({ tokenId: z.uuid("Unknown token") });
