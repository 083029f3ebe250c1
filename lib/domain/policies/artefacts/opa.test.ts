// The Rego is NOT executed here: no OPA evaluator can be installed offline from the
// npm registry or Debian (@open-policy-agent/opa-wasm needs a .wasm compiled by the
// `opa` binary, which no such package ships). These tests check the bundle's data
// against the paths the Rego reads, and a TypeScript restatement of its rules.
import { describe, expect, it } from "vitest";
import { POLICY_REGO, opaAllows, opaArtefacts, type OpaData } from "./opa";
import { HOSTILE_HOST, HOSTILE_REASON, entry, hostilePortfolio, portfolio, quietSet } from "./test-set";

function bundle(set: Parameters<typeof opaArtefacts>[0]): { data: OpaData; rego: string; dataBody: string } {
  const files = opaArtefacts(set);
  expect(files.map((f) => f.filename)).toEqual(["data.json", "policy.rego"]);
  const [dataFile, regoFile] = files as [(typeof files)[number], (typeof files)[number]];
  return { data: JSON.parse(dataFile.body) as OpaData, rego: regoFile.body, dataBody: dataFile.body };
}

describe("OPA bundle", () => {
  it("has the data at every path the Rego reads, in the shapes it reads them", () => {
    const { data, rego } = bundle(portfolio());
    expect(rego).toMatch(/^package sibyl\.egress$/m);
    expect(rego).toMatch(/^import rego\.v1$/m);
    expect(rego).toMatch(/^default allow := true$/m);
    const code = rego.replace(/#.*$/gm, "");
    const paths = [...new Set([...code.matchAll(/data\.sibyl\.egress\.([a-z_]+)/g)].map((m) => m[1]))].sort();
    expect(paths).toEqual(["blocked", "blocked_everywhere"]);
    const egress = data.sibyl.egress;
    for (const path of paths) expect(typeof egress[path as keyof typeof egress]).toBe("object");
    for (const hosts of Object.values(egress.blocked)) {
      for (const block of Object.values(hosts)) {
        expect(typeof block.reason).toBe("string");
        expect(["quarantine", "require_approval"]).toContain(block.decision);
      }
    }
    expect(egress.blocked.checkout?.["tracker.example.net"]).toMatchObject({ decision: "require_approval", policy: "New hosts need approval", reason: "Unclassified host" });
    expect(egress.blocked.billing?.["tracker.example.net"]).toBeUndefined();
    expect(egress.blocked_everywhere).toEqual({
      "api.badpay.io": { decision: "quarantine", policy: "Block grade F", reason: "Grade F < C and sends pii", provider: "badpay", since: "2026-06-01T00:00:00.000Z", applications: ["billing", "checkout"] },
    });
    expect(egress.generated_at).toBe("2026-06-30T12:00:00.000Z");
  });

  it("answers as the Rego would: blocked per application, everywhere, and by wildcard suffix", () => {
    const { data } = bundle(portfolio());
    const cases: [string, string, boolean, string][] = [
      ["checkout", "tracker.example.net", false, "require_approval"],
      ["billing", "tracker.example.net", true, "allow"],
      ["checkout", "api.badpay.io", false, "quarantine"],
      ["someone-new", "api.badpay.io", false, "quarantine"],
      ["checkout", "eu.pixel.analytics.example", false, "quarantine"],
      ["checkout", "analytics.example", true, "allow"],
      ["checkout", "API.Stripe.com", true, "allow"],
      ["billing", "x.analytics.example", true, "allow"],
      ["__proto__", "api.stripe.com", true, "allow"],
    ];
    for (const [app, host, allow, decision] of cases) {
      expect({ app, host, ...opaAllows(data, { app, host }) }).toMatchObject({ app, host, allow, decision });
    }
    expect(opaAllows(data, { app: "checkout", host: "api.badpay.io" }).reason).toBe("Grade F < C and sends pii");
  });

  it("keeps the Rego fixed whatever the data, and hostile strings only as JSON data", () => {
    const plain = bundle(portfolio());
    const hostile = bundle(hostilePortfolio());
    expect(hostile.rego).toBe(plain.rego);
    expect(hostile.rego).toBe(POLICY_REGO);
    expect(hostile.data.sibyl.egress.blocked.checkout?.[HOSTILE_HOST]?.reason).toBe(HOSTILE_REASON);
    expect(opaAllows(hostile.data, { app: "checkout", host: HOSTILE_HOST }).allow).toBe(false);
    // A slug like "__proto__" stays an ordinary key of the data.
    const proto = portfolio();
    proto.entries.push(entry({ application: "__proto__", host: "only.example.com", decision: "quarantine", reason: "r" }));
    const data = bundle(proto).data;
    expect(Object.keys(data.sibyl.egress.blocked)).toContain("__proto__");
    expect(opaAllows(data, { app: "__proto__", host: "only.example.com" }).allow).toBe(false);
  });

  it("is deterministic, and allows everything when nothing is blocked", () => {
    const set = portfolio();
    expect(bundle({ ...set, entries: [...set.entries].reverse() }).dataBody).toBe(bundle(set).dataBody);
    const quiet = bundle(quietSet()).data;
    expect(quiet.sibyl.egress.blocked).toEqual({});
    expect(quiet.sibyl.egress.blocked_everywhere).toEqual({});
    expect(opaAllows(quiet, { app: "checkout", host: "api.stripe.com" }).allow).toBe(true);
  });
});
