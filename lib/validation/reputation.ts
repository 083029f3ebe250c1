import { z } from "zod";
import { FACTORS } from "@/lib/domain/scoring/types";

// Each check stops the chain, so an empty or malformed date gets one message, not three.
const isoDate = z
  .string()
  .trim()
  .min(1, { error: "Enter a date", abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Use YYYY-MM-DD", abort: true })
  .refine((d) => !Number.isNaN(Date.parse(d)), { error: "Not a real date", abort: true });
const justification = z.string().trim().min(10, "Explain the reason in at least 10 characters").max(2000);
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" }));

export const attestationInputSchema = z
  .object({
    providerSlug: z.string().min(1).max(100),
    kind: z.enum(["soc2_type2", "iso27001", "pci_dss_aoc"], { error: "Choose the attestation" }),
    issuedOn: isoDate.optional().or(z.literal("").transform(() => undefined)),
    expiresOn: isoDate,
    evidenceUrl: httpUrl.optional().or(z.literal("").transform(() => undefined)),
    justification,
  })
  .refine((v) => !v.issuedOn || v.issuedOn <= v.expiresOn, { path: ["expiresOn"], message: "Expiry must be after the issue date" });

export const incidentInputSchema = z.object({
  providerSlug: z.string().min(1).max(100),
  occurredOn: isoDate.refine((d) => Date.parse(d) <= Date.now() + 86_400_000, "The date is in the future"),
  severity: z.enum(["critical", "high", "medium", "low"], { error: "Choose a severity" }),
  breach: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  description: z.string().trim().min(10, "Describe the incident in at least 10 characters").max(2000),
  sourceUrl: httpUrl.optional().or(z.literal("").transform(() => undefined)),
});

export const overrideInputSchema = z.object({
  providerSlug: z.string().min(1).max(100),
  factor: z.enum(FACTORS, { error: "Choose a factor" }),
  subscore: z.coerce.number({ error: "Enter a number from 0 to 100" }).min(0, "From 0").max(100, "To 100"),
  justification,
});

export const clearOverrideSchema = z.object({ providerSlug: z.string().min(1).max(100), factor: z.enum(FACTORS), justification });

export const authEntrySchema = z.object({
  providerSlug: z.string().min(1).max(100),
  methods: z.array(z.enum(["none", "api_key_query", "api_key_header", "basic", "bearer", "oauth2", "mutual_tls"])).min(1, "Choose at least one method"),
  shortLivedTokens: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  keyRotation: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  justification,
});

/** An analyst narrows (or restores) the application's declared data classes on one dependency. */
export const narrowDependencySchema = z.object({
  dependencyId: z.uuid({ error: "Unknown dependency" }),
  /** "restore" drops the narrowing: the application's declared classes count again. */
  mode: z.enum(["narrow", "restore"]).default("narrow"),
  classes: z.array(z.enum(["internal", "pii", "pci", "phi", "credentials"])).max(5).default([]),
  justification,
});
