// Decides which CVEs count as known exploited: CISA's Known Exploited Vulnerabilities catalog
// (known_exploited_vulnerabilities.json, schema at https://www.cisa.gov/known-exploited-vulnerabilities-catalog).
// Membership outranks every score in Sibyl's priority ladder (DOMAIN.md, "Vulnerability prioritisation").
import { z } from "zod";
import { IngestInputError, type IngestProblem } from "../ingest/types";
import { jsonPath, ProblemList } from "./advisory";

export interface KevEntry {
  dateAdded: string;
  /** "Known" or "Unknown" in CISA's feed; null when the entry does not say. */
  knownRansomwareCampaignUse: string | null;
  vendorProject: string;
  product: string;
  dueDate: string | null;
}

export interface KevCatalog {
  catalogVersion: string | null;
  dateReleased: string | null;
  /** Keyed by upper-case CVE id. */
  cves: Map<string, KevEntry>;
  problems: IngestProblem[];
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const CVE_RE = /^CVE-\d{4}-\d{4,}$/;

const catalogSchema = z.object({
  catalogVersion: z.string().nullish(),
  dateReleased: z.string().nullish(),
  count: z.number().int().nullish(),
  vulnerabilities: z.array(z.unknown()),
});

const entrySchema = z.object({
  cveID: z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => CVE_RE.test(s), "not a CVE id"),
  dateAdded: z.string().regex(DATE_RE, "expected a YYYY-MM-DD date"),
  vendorProject: z.string().nullish(),
  product: z.string().nullish(),
  dueDate: z.string().regex(DATE_RE, "expected a YYYY-MM-DD date").nullish(),
  knownRansomwareCampaignUse: z.string().nullish(),
});

/**
 * Parses the KEV catalog. Throws IngestInputError when there is no `vulnerabilities` array at all;
 * a bad entry is skipped and reported by JSON path, a repeated CVE keeps its first entry.
 */
export function parseKev(json: unknown): KevCatalog {
  const catalog = catalogSchema.safeParse(json);
  if (!catalog.success) {
    throw new IngestInputError(catalog.error.issues.map((i) => ({ location: jsonPath("$", i.path), reason: i.message })), "not a CISA KEV catalog: expected an object with a vulnerabilities array");
  }
  const problems = new ProblemList();
  const cves = new Map<string, KevEntry>();
  const { vulnerabilities, count } = catalog.data;
  if (typeof count === "number" && count !== vulnerabilities.length) {
    problems.add("$.count", `says ${count} entries but the catalog lists ${vulnerabilities.length} (truncated download?)`);
  }
  vulnerabilities.forEach((raw, i) => {
    const base = `$.vulnerabilities[${i}]`;
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) problems.add(jsonPath(base, issue.path), issue.message);
      return;
    }
    const e = entry.data;
    if (cves.has(e.cveID)) {
      problems.add(`${base}.cveID`, `${e.cveID} is listed twice; the first entry is kept`);
      return;
    }
    cves.set(e.cveID, {
      dateAdded: e.dateAdded,
      knownRansomwareCampaignUse: e.knownRansomwareCampaignUse?.trim() || null,
      vendorProject: e.vendorProject?.trim() ?? "",
      product: e.product?.trim() ?? "",
      dueDate: e.dueDate ?? null,
    });
  });
  return {
    catalogVersion: catalog.data.catalogVersion ?? null,
    dateReleased: catalog.data.dateReleased ?? null,
    cves,
    problems: problems.finish(),
  };
}
