import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { APP_HEADER, envoyArtefact } from "./envoy";
import { hostilePortfolio, portfolio, quietSet } from "./test-set";

type Match = { exact?: string; suffix?: string; ignore_case?: boolean };
interface RbacPolicy {
  permissions: { header: { name: string; string_match: Match } }[];
  principals: ({ any: true } | { header: { name: string; string_match: Match } })[];
}
interface RbacFilter {
  name: string;
  typed_config: { "@type": string; rules: { action: string; policies: Record<string, RbacPolicy> } };
}

const filterOf = (body: string) => parse(body) as RbacFilter;
const authorities = (p: RbacPolicy | undefined) => (p?.permissions ?? []).map((x) => (expect(x.header.name).toBe(":authority"), x.header.string_match));

describe("Envoy RBAC artefact", () => {
  it("denies blocked :authority values: one policy for any caller, one per application matched by its header", () => {
    const filter = filterOf(envoyArtefact(portfolio()).body);
    expect(filter.name).toBe("envoy.filters.http.rbac");
    expect(filter.typed_config["@type"]).toBe("type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC");
    expect(filter.typed_config.rules.action).toBe("DENY");
    const policies = filter.typed_config.rules.policies;
    expect(Object.keys(policies)).toEqual(["sibyl-all-applications", "app:checkout"]);
    expect(policies["sibyl-all-applications"]?.principals).toEqual([{ any: true }]);
    expect(authorities(policies["sibyl-all-applications"])).toEqual([{ exact: "api.badpay.io", ignore_case: true }]);
    expect(policies["app:checkout"]?.principals).toEqual([{ header: { name: APP_HEADER, string_match: { exact: "checkout" } } }]);
    // The wildcard pattern becomes a suffix match on ".analytics.example".
    expect(authorities(policies["app:checkout"])).toEqual([
      { suffix: ".analytics.example", ignore_case: true },
      { exact: "tracker.example.net", ignore_case: true },
    ]);
    const allMatches = Object.values(policies).flatMap(authorities);
    expect(allMatches.some((m) => m.exact === "api.stripe.com" || m.exact === "logs.example.org")).toBe(false);
  });

  it("keeps hostile text as data and skips a host that is not a host name", () => {
    const body = envoyArtefact(hostilePortfolio()).body;
    const policies = filterOf(body).typed_config.rules.policies;
    expect(Object.keys(policies)).toEqual(["sibyl-all-applications", "app:billing", "app:checkout"]);
    expect(authorities(policies["app:billing"])).toEqual([{ exact: "bad.example.com", ignore_case: true }]);
    expect(body).not.toContain("evil.com");
    expect(body).toContain("Hosts skipped (not valid host names): 1.");
  });

  it("is deterministic, and denies nothing when nothing is blocked", () => {
    const set = portfolio();
    expect(envoyArtefact({ ...set, entries: [...set.entries].reverse() }).body).toBe(envoyArtefact(set).body);
    const quiet = filterOf(envoyArtefact(quietSet()).body);
    expect(quiet.typed_config.rules).toEqual({ action: "DENY", policies: {} });
  });
});
