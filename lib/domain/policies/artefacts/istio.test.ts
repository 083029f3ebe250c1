import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { istioArtefact } from "./istio";
import { entry, hostilePortfolio, portfolio, quietSet } from "./test-set";

const DNS1123_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown> & {
    hosts?: string[];
    resolution?: string;
    rules?: { from?: { source: { principals: string[] } }[]; to: { operation: { hosts: string[] } }[] }[];
  };
}

function objects(body: string): K8sObject[] {
  const docs = parseAllDocuments(body);
  if (!Array.isArray(docs)) throw new Error("not a YAML stream");
  for (const doc of docs) expect(doc.errors).toEqual([]);
  return docs.map((doc) => doc.toJS() as K8sObject);
}

const serviceEntryHosts = (objs: K8sObject[]) => objs.filter((o) => o.kind === "ServiceEntry").flatMap((o) => o.spec.hosts ?? []);
const denyPolicy = (objs: K8sObject[]) => {
  const policies = objs.filter((o) => o.kind === "AuthorizationPolicy");
  expect(policies).toHaveLength(1);
  return policies[0] as K8sObject;
};

describe("Istio artefact", () => {
  it("lists hosts someone may call as ServiceEntries and denies blocked hosts at the egress gateway, per application where the block is", () => {
    const artefact = istioArtefact(portfolio());
    expect(artefact.body).toContain("meshConfig.outboundTrafficPolicy.mode: REGISTRY_ONLY");
    const objs = objects(artefact.body);
    for (const o of objs) expect(o.metadata.name).toMatch(DNS1123_LABEL);
    expect(new Set(objs.map((o) => o.metadata.name)).size).toBe(objs.length);

    const entries = objs.filter((o) => o.kind === "ServiceEntry");
    for (const se of entries) {
      expect(se.apiVersion).toBe("networking.istio.io/v1");
      expect(se.spec).toMatchObject({ location: "MESH_EXTERNAL", resolution: "DNS", ports: [{ number: 443, protocol: "TLS" }] });
    }
    // tracker.example.net: billing may call it (allow), checkout may not: registered, and denied for checkout only.
    expect(serviceEntryHosts(objs).sort()).toEqual(["api.stripe.com", "logs.example.org", "tracker.example.net"]);

    const policy = denyPolicy(objs);
    expect(policy.apiVersion).toBe("security.istio.io/v1");
    expect(policy.metadata.namespace).toBe("istio-system");
    expect(policy.spec).toMatchObject({ action: "DENY", selector: { matchLabels: { istio: "egressgateway" } } });
    const rules = policy.spec.rules ?? [];
    // api.badpay.io is quarantined for both applications in scope: one rule without `from`.
    expect(rules.find((r) => !r.from)?.to[0]?.operation.hosts).toEqual(["api.badpay.io"]);
    const checkout = rules.find((r) => r.from?.[0]?.source.principals[0] === "cluster.local/ns/default/sa/checkout");
    expect(checkout?.to[0]?.operation.hosts).toEqual(["*.analytics.example", "tracker.example.net"]);
    expect(rules.some((r) => r.from?.[0]?.source.principals[0] === "cluster.local/ns/default/sa/billing")).toBe(false);
    // A host blocked for every application using it is never in the registry.
    expect(serviceEntryHosts(objs)).not.toContain("api.badpay.io");
    expect(serviceEntryHosts(objs)).not.toContain("*.analytics.example");
  });

  it("keeps wildcard hosts as they are, resolving a wildcard ServiceEntry with NONE", () => {
    const set = portfolio();
    set.entries.push(entry({ application: "billing", host: "*.cdn.example.com" }));
    const objs = objects(istioArtefact(set).body);
    const wildcard = objs.find((o) => o.kind === "ServiceEntry" && o.spec.hosts?.[0] === "*.cdn.example.com");
    expect(wildcard?.spec.resolution).toBe("NONE");
    expect(wildcard?.metadata.name).toMatch(/^sibyl-egress-wildcard-cdn-example-com-[0-9a-f]{8}$/);
  });

  it("scopes every rule to the application when the artefact is for one application, with the namespaces asked for", () => {
    const set = portfolio();
    set.scope = { kind: "application", slug: "checkout" };
    set.entries = set.entries.filter((e) => e.application === "checkout");
    const objs = objects(istioArtefact(set, { namespace: "egress", appNamespace: "shop" }).body);
    const policy = denyPolicy(objs);
    expect(policy.metadata.namespace).toBe("egress");
    expect(policy.metadata.name).toMatch(/^sibyl-egress-deny-app-checkout-[0-9a-f]{8}$/);
    const rules = policy.spec.rules ?? [];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.from?.[0]?.source.principals).toEqual(["cluster.local/ns/shop/sa/checkout"]);
    expect(rules[0]?.to[0]?.operation.hosts).toEqual(["*.analytics.example", "api.badpay.io", "tracker.example.net"]);
  });

  it("derives valid, distinct names for long and look-alike hosts", () => {
    const long = `${"a".repeat(60)}.${"b".repeat(60)}.example.com`;
    const set = { generatedAt: "2026-06-30T12:00:00.000Z", scope: { kind: "all" as const }, entries: [long, "a-b.example.com", "a.b.example.com"].map((host) => entry({ application: "x", host })) };
    const names = objects(istioArtefact(set).body).map((o) => o.metadata.name);
    for (const name of names) expect(name).toMatch(DNS1123_LABEL);
    expect(new Set(names).size).toBe(names.length);
  });

  it("is not broken by hostile data: the bad host is skipped, the stream keeps its objects, text stays data", () => {
    const body = istioArtefact(hostilePortfolio()).body;
    const objs = objects(body);
    expect(objs.map((o) => o.kind).sort()).toEqual(["AuthorizationPolicy", "ServiceEntry", "ServiceEntry", "ServiceEntry"]);
    expect(body).not.toContain("evil.com");
    expect(body).not.toContain("kind: Evil");
    expect(body).toContain("Hosts skipped (not valid host names): 1.");
    const rules = denyPolicy(objs).spec.rules ?? [];
    expect(rules.find((r) => r.from?.[0]?.source.principals[0] === "cluster.local/ns/default/sa/billing")?.to[0]?.operation.hosts).toEqual(["bad.example.com"]);

    const badApp = portfolio();
    badApp.entries.push(entry({ application: "x/sa/admin", host: "only.example.com", decision: "quarantine" }));
    const text = istioArtefact(badApp).body;
    expect(text).not.toContain("x/sa/admin");
    expect(text).toContain("Applications skipped (slug not a service account name): 1.");
    expect(() => istioArtefact(portfolio(), { namespace: "a\nb" })).toThrow(/namespace/);
  });

  it("gives the same bytes for the same state, whatever the order of entries", () => {
    const set = portfolio();
    const shuffled = { ...set, entries: [...set.entries].reverse() };
    expect(istioArtefact(shuffled).body).toBe(istioArtefact(set).body);
  });

  it("with nothing blocked, registers the hosts and emits a deny policy without rules (it matches nothing)", () => {
    const objs = objects(istioArtefact(quietSet()).body);
    expect(serviceEntryHosts(objs).sort()).toEqual(["api.stripe.com", "logs.example.org"]);
    expect(denyPolicy(objs).spec.rules).toBeUndefined();
    expect(objects(istioArtefact({ ...quietSet(), entries: [] }).body).map((o) => o.kind)).toEqual(["AuthorizationPolicy"]);
  });
});
