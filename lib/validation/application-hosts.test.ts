import { describe, expect, it } from "vitest";
import { declaredHostsFormSchema, ingestHostsSchema, MAX_DECLARED_HOSTS, ownHostListSchema, ownHostSchema } from "./application-hosts";

describe("own hosts of an application", () => {
  it("accept names, single-label service names, IPv4 addresses and sub-domain wildcards, normalised as traffic hosts are", () => {
    expect(ownHostSchema.parse(" API.Acme.test:443 ")).toBe("api.acme.test");
    expect(ownHostSchema.parse("reviews")).toBe("reviews");
    expect(ownHostSchema.parse("productpage.bookinfo.svc.cluster.local.")).toBe("productpage.bookinfo.svc.cluster.local");
    expect(ownHostSchema.parse("10.0.0.12:8080")).toBe("10.0.0.12");
    expect(ownHostSchema.parse("*.acme.test")).toBe("*.acme.test");
  });

  it("refuse what is not a host: URLs, paths, blanks inside, bare or too broad wildcards, over-long names", () => {
    for (const bad of ["https://api.acme.test", "api.acme.test/v1", "api acme", "*", "*.com", "a.*.acme.test", "-api.acme.test", "", "   ", `${"a".repeat(64)}.test`, `${"abc.".repeat(70)}test`]) {
      expect(ownHostSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("deduplicate and sort a list, and bound it", () => {
    expect(ownHostListSchema.parse(["b.acme.test", "A.acme.test", "b.acme.test:8443"])).toEqual(["a.acme.test", "b.acme.test"]);
    expect(ownHostListSchema.safeParse(Array.from({ length: MAX_DECLARED_HOSTS + 1 }, (_, i) => `h${i}.acme.test`)).success).toBe(false);
  });

  it("read the form's text one host per line or separated by commas, naming each bad entry", () => {
    expect(declaredHostsFormSchema.parse({ slug: "shop", hosts: "api.acme.test\n*.shop.acme.test, reviews\r\n\n" }).hosts).toEqual(["*.shop.acme.test", "api.acme.test", "reviews"]);
    expect(declaredHostsFormSchema.parse({ slug: "shop", hosts: "" }).hosts).toEqual([]);
    const bad = declaredHostsFormSchema.safeParse({ slug: "shop", hosts: "api.acme.test\nhttps://x.test/a" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["hosts", expect.stringContaining('"https://x.test/a"')]]);
  });

  it("read ?host= query values, bounded in number, naming a bad one under the host field", () => {
    expect(ingestHostsSchema.parse({ host: ["api.acme.test", "API.acme.test"] }).host).toEqual(["api.acme.test"]);
    expect(ingestHostsSchema.parse({ host: [] }).host).toEqual([]);
    const bad = ingestHostsSchema.safeParse({ host: ["api.acme.test", "not a host"] });
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["host", expect.stringContaining('"not a host"')]]);
    expect(ingestHostsSchema.safeParse({ host: Array.from({ length: 1000 }, () => "a.test") }).success).toBe(false);
  });
});
