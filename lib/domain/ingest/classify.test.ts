import { describe, expect, it } from "vitest";
import { classifyEndpoint, DISCOVERY_RULES, type EndpointFacts } from "./classify";

const now = new Date("2025-06-01T12:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const documented: EndpointFacts = {
  inCurrentSpec: true,
  inAnySpec: true,
  methodDocumented: true,
  deprecated: false,
  removed: false,
  apiRetired: false,
  lastSeenAt: daysAgo(3),
  callCount: 12,
};
const status = (facts: Partial<EndpointFacts>, orphanAfterDays?: number) =>
  classifyEndpoint({ ...documented, ...facts }, now, orphanAfterDays === undefined ? undefined : { orphanAfterDays }).status;

describe("classifyEndpoint", () => {
  it("documented: in the current spec and seen within the window", () => {
    expect(classifyEndpoint(documented, now)).toEqual({ status: "documented", rule: "Called 12 times, last 3 days ago; documented in the spec." });
    expect(status({ lastSeenAt: daysAgo(29) })).toBe("documented");
  });

  it("orphan: in the current spec, not deprecated, not seen for N days or never", () => {
    expect(status({ lastSeenAt: daysAgo(31) })).toBe("orphan");
    expect(status({ lastSeenAt: daysAgo(10) }, 7)).toBe("orphan");
    expect(classifyEndpoint({ ...documented, lastSeenAt: null, callCount: 0, specVersion: "1.4.0" }, now)).toEqual({ status: "orphan", rule: "Documented in spec 1.4.0, but never called." });
    expect(classifyEndpoint({ ...documented, lastSeenAt: daysAgo(45) }, now).rule).toBe("Documented, but not called in the last 30 days (last 45 days ago).");
    // A timestamp without calls is not "seen".
    expect(status({ lastSeenAt: daysAgo(1), callCount: 0 })).toBe("orphan");
  });

  it("shadow: seen and in no spec of the API, or the method is not in the spec", () => {
    const none = { inCurrentSpec: false, inAnySpec: false, methodDocumented: false };
    expect(classifyEndpoint({ ...documented, ...none, callCount: 1, lastSeenAt: daysAgo(0) }, now)).toEqual({ status: "shadow", rule: "Called once, last today, but not in any spec of this API." });
    expect(status({ methodDocumented: false })).toBe("shadow");
    expect(classifyEndpoint({ ...documented, methodDocumented: false }, now).rule).toMatch(/does not document this method/);
    // However long ago: a shadow endpoint stays one.
    expect(status({ ...none, lastSeenAt: daysAgo(400) })).toBe("shadow");
    expect(status({ ...none, lastSeenAt: null, callCount: 0 })).toBe("shadow");
  });

  it("zombie: seen while deprecated, removed from the current spec, or of a retired API version", () => {
    expect(classifyEndpoint({ ...documented, deprecated: true, specVersion: "2.1.0" }, now)).toEqual({
      status: "zombie",
      rule: "Called 12 times, last 3 days ago, but marked deprecated in spec 2.1.0.",
    });
    expect(classifyEndpoint({ ...documented, deprecated: true }, now).rule).toBe("Called 12 times, last 3 days ago, but marked deprecated in the spec.");
    expect(classifyEndpoint({ ...documented, inCurrentSpec: false, removed: true, lastSeenAt: daysAgo(1) }, now).rule).toBe("Called 12 times, last 1 day ago, but removed from the current spec.");
    expect(classifyEndpoint({ ...documented, apiRetired: true }, now)).toMatchObject({ status: "zombie", rule: "Called 12 times, last 3 days ago, but its API version is retired." });
  });

  it("deprecated: deprecated (or removed, or retired) and not seen", () => {
    expect(classifyEndpoint({ ...documented, deprecated: true, lastSeenAt: null, callCount: 0 }, now)).toEqual({ status: "deprecated", rule: "Not called; marked deprecated in the spec." });
    expect(status({ inCurrentSpec: false, removed: true, lastSeenAt: null, callCount: 0 })).toBe("deprecated");
    expect(status({ apiRetired: true, lastSeenAt: null, callCount: 0 })).toBe("deprecated");
  });

  it("applies the documented precedence", () => {
    // zombie beats shadow (a removed method is not a new one) and documented.
    expect(status({ deprecated: true, methodDocumented: false })).toBe("zombie");
    expect(status({ removed: true, inCurrentSpec: false, methodDocumented: false })).toBe("zombie");
    // zombie needs only one sighting, however old; documented needs a recent one.
    expect(status({ deprecated: true, lastSeenAt: daysAgo(90) })).toBe("zombie");
    // an endpoint of another (current) spec of the API is documented, not shadow.
    expect(status({ inCurrentSpec: false })).toBe("documented");
  });
});

describe("DISCOVERY_RULES", () => {
  it("describes every status once, in precedence order", () => {
    expect(DISCOVERY_RULES.map((r) => r.status)).toEqual(["zombie", "shadow", "documented", "deprecated", "orphan"]);
    for (const r of DISCOVERY_RULES) {
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.description.length).toBeGreaterThan(20);
    }
  });
});
