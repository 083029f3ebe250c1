import { describe, expect, it } from "vitest";
import { ingestKindFromPath, ingestKindNeedsApp, ingestKindPath, ingestQuerySchema, INGEST_KINDS } from "./ingest";

describe("ingest kinds", () => {
  it("are written with dashes in URLs and on the command line, and read back only that way", () => {
    expect(INGEST_KINDS.map(ingestKindPath)).toEqual(["openapi", "traffic", "sbom", "catalog", "provider-spec"]);
    expect(ingestKindFromPath("provider-spec")).toBe("provider_spec");
    expect(ingestKindFromPath("provider_spec")).toBeNull();
    expect(ingestKindFromPath("spec")).toBeNull();
  });

  it("need an application except catalogs (which name their own) and provider specs (which name a provider)", () => {
    expect(INGEST_KINDS.filter((k) => !ingestKindNeedsApp(k))).toEqual(["catalog", "provider_spec"]);
  });

  it("take a provider slug in the query, lower-cased, and refuse one that is not a slug", () => {
    expect(ingestQuerySchema.parse({ provider: " Stripe " }).provider).toBe("stripe");
    expect(ingestQuerySchema.safeParse({ provider: "stripe/../x" }).success).toBe(false);
  });
});
