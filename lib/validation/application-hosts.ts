import { z } from "zod";
import { appSlugSchema } from "./ingest";

/** Most hosts one application may declare; a mesh service has a handful of names, not hundreds. */
export const MAX_DECLARED_HOSTS = 50;

const LABEL = "[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?";
/**
 * A host name (one label is enough: Kubernetes and Docker names like "reviews" are authorities too),
 * an IPv4 address, or "*." and a name of at least two labels ("*.acme.test", never "*.com").
 */
const HOST_RE = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\*\\.${LABEL}(?:\\.${LABEL})+)$`);

/**
 * One of an application's own hosts as people type it: blanks, case, a trailing dot and a port are
 * dropped ("API.Acme.test:443" is "api.acme.test"), since traffic hosts are compared without them.
 */
export const ownHostSchema = z
  .string()
  .max(300, "A host name has at most 253 characters")
  .transform((raw) => {
    let h = raw.trim().toLowerCase();
    const colon = h.lastIndexOf(":");
    if (colon !== -1 && /^\d{1,5}$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
    return h.endsWith(".") ? h.slice(0, -1) : h;
  })
  .pipe(
    z
      .string()
      .min(1, "Enter a host name")
      .max(253, "A host name has at most 253 characters")
      .regex(HOST_RE, 'Use a host name such as api.acme.test, an IPv4 address, or "*.acme.test" for its sub-domains'),
  );

/** A list of own hosts, deduplicated and sorted; at most MAX_DECLARED_HOSTS. */
export const ownHostListSchema = z
  .array(ownHostSchema)
  .max(MAX_DECLARED_HOSTS, `Declare at most ${MAX_DECLARED_HOSTS} hosts`)
  .transform((hosts) => [...new Set(hosts)].sort());

/** Parses typed host entries, naming each bad one in its message (a form or a query has one field for them all). */
function collectHosts(entries: string[], ctx: z.RefinementCtx): string[] {
  const hosts = new Set<string>();
  for (const raw of entries) {
    const parsed = ownHostSchema.safeParse(raw);
    if (parsed.success) hosts.add(parsed.data);
    else ctx.addIssue({ code: "custom", message: `"${raw.slice(0, 60)}": ${parsed.error.issues[0]?.message ?? "not a host name"}` });
  }
  if (hosts.size > MAX_DECLARED_HOSTS) ctx.addIssue({ code: "custom", message: `Declare at most ${MAX_DECLARED_HOSTS} hosts` });
  return [...hosts].sort();
}

/** The Application page's form: the whole declared list, one host per line (or separated by commas or blanks). */
export const declaredHostsFormSchema = z.object({
  slug: appSlugSchema,
  hosts: z
    .string()
    .max(20_000, "The list is too long")
    .transform((text, ctx) => collectHosts(text.split(/[\s,]+/).filter(Boolean), ctx)),
});

/** `POST /api/v1/ingest/traffic?host=a&host=b`: the hosts to declare with the ingest. */
export const ingestHostsSchema = z.object({
  host: z
    .array(z.string())
    .max(MAX_DECLARED_HOSTS, `Declare at most ${MAX_DECLARED_HOSTS} hosts`)
    .transform((entries, ctx) => collectHosts(entries, ctx)),
});
