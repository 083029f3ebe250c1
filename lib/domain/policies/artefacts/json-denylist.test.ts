import { describe, expect, it } from "vitest";
import { jsonDenylistArtefact, type Denylist } from "./json-denylist";
import { HOSTILE_HOST, HOSTILE_REASON, hostilePortfolio, portfolio, quietSet } from "./test-set";

const read = (set: Parameters<typeof jsonDenylistArtefact>[0]) => JSON.parse(jsonDenylistArtefact(set).body) as Denylist;

describe("JSON denylist", () => {
  it("lists the quarantined and approval-pending dependencies, sorted, with counts", () => {
    const list = read(portfolio());
    expect(list.generatedAt).toBe("2026-06-30T12:00:00.000Z");
    expect(list.scope).toEqual({ kind: "all" });
    expect(list.blocked.map((b) => `${b.application} ${b.host} ${b.decision}`)).toEqual([
      "billing api.badpay.io quarantine",
      "checkout *.analytics.example quarantine",
      "checkout api.badpay.io quarantine",
      "checkout tracker.example.net require_approval",
    ]);
    expect(list.blocked[0]).toEqual({ application: "billing", host: "api.badpay.io", provider: "badpay", decision: "quarantine", policy: "Block grade F", reason: "Grade F < C and sends pii", since: "2026-06-01T00:00:00.000Z" });
    expect(list.counts).toEqual({ dependencies: 8, blocked: 4, quarantine: 3, require_approval: 1, applications: 2, hosts: 3 });
  });

  it("keeps hostile strings as JSON data, and gives the same bytes for the same state", () => {
    const list = read(hostilePortfolio());
    expect(list.blocked.find((b) => b.host === HOSTILE_HOST)?.reason).toBe(HOSTILE_REASON);
    const set = hostilePortfolio();
    expect(jsonDenylistArtefact({ ...set, entries: [...set.entries].reverse() }).body).toBe(jsonDenylistArtefact(set).body);
  });

  it("is an empty list when nothing is blocked", () => {
    expect(read(quietSet())).toMatchObject({ blocked: [], counts: { dependencies: 2, blocked: 0, applications: 0, hosts: 0 } });
  });
});
