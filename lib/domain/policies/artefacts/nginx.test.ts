import { describe, expect, it } from "vitest";
import { nginxArtefact } from "./nginx";
import { HOSTILE_HOST, hostilePortfolio, portfolio, quietSet } from "./test-set";

interface Directive {
  args: string[];
  block?: Directive[];
}

/** A small reader of nginx's structure: comments dropped, words ended by ";" or opening a "{ … }" block. */
function parseNginx(text: string): Directive[] {
  const tokens = text
    .split("\n")
    .map((line) => line.replace(/#.*$/, ""))
    .join("\n")
    .split(/(\s+|[{};])/)
    .filter((t) => t.trim().length > 0);
  let i = 0;
  const readBlock = (nested: boolean): Directive[] => {
    const out: Directive[] = [];
    let args: string[] = [];
    while (i < tokens.length) {
      const t = tokens[i++] as string;
      if (t === ";") {
        if (args.length === 0) throw new Error("empty statement");
        out.push({ args });
        args = [];
      } else if (t === "{") {
        out.push({ args, block: readBlock(true) });
        args = [];
      } else if (t === "}") {
        if (!nested || args.length > 0) throw new Error("unbalanced }");
        return out;
      } else args.push(t);
    }
    if (nested || args.length > 0) throw new Error("unterminated");
    return out;
  };
  return readBlock(false);
}

function theMap(body: string): Directive[] {
  const top = parseNginx(body);
  expect(top).toHaveLength(1);
  expect(top[0]?.args).toEqual(["map", "$host", "$sibyl_quarantined"]);
  const block = top[0]?.block ?? [];
  expect(block[0]?.args).toEqual(["hostnames"]);
  expect(block[1]?.args).toEqual(["default", "0"]);
  for (const d of block.slice(2)) {
    expect(d.args).toHaveLength(2);
    expect(d.args[1]).toBe("1");
  }
  return block.slice(2);
}

describe("nginx artefact", () => {
  it("maps every host blocked for any application to 1, wildcards with hostnames, naming applications, policy and reason", () => {
    const body = nginxArtefact(portfolio()).body;
    expect(theMap(body).map((d) => d.args[0])).toEqual(["*.analytics.example", "api.badpay.io", "tracker.example.net"]);
    expect(body).toContain("#   if ($sibyl_quarantined) { return 403; }");
    expect(body).toContain("a host blocked for ANY application in scope is listed for all");
    expect(body).toContain("# checkout: require_approval by policy New hosts need approval: Unclassified host\n    tracker.example.net 1;");
    expect(body).toContain("# billing: quarantine by policy Block grade F: Grade F < C and sends pii");
  });

  it("lists only the application's hosts when the scope is one application", () => {
    const set = portfolio();
    set.scope = { kind: "application", slug: "billing" };
    set.entries = set.entries.filter((e) => e.application === "billing");
    const body = nginxArtefact(set).body;
    expect(theMap(body).map((d) => d.args[0])).toEqual(["api.badpay.io"]);
    expect(body).toContain("only the hosts blocked for it are listed");
  });

  it("skips a hostile host, keeps hostile text inside one-line comments and the file one balanced map", () => {
    const body = nginxArtefact(hostilePortfolio()).body;
    expect(theMap(body).map((d) => d.args[0])).toEqual(["*.analytics.example", "api.badpay.io", "bad.example.com", "tracker.example.net"]);
    expect(body).not.toContain(HOSTILE_HOST);
    expect(body).not.toContain("evil.com");
    expect(body).toContain("# Hosts skipped (not valid host names): 1.");
    // Every line is blank, a comment, or one of the map's own lines.
    for (const line of body.split("\n")) expect(line).toMatch(/^(\s*#.*|map \$host \$sibyl_quarantined \{|\s+hostnames;|\s+default 0;|\s+\S+ 1;|\}|)$/);
  });

  it("refuses host names that nginx would read as keywords, regexes or several words", () => {
    const set = portfolio();
    for (const host of ["default", "include", "~^evil", "a b.com", "x.com\"", "*.*.x.com", "evil.com;"]) {
      set.entries.push({ ...set.entries[2], application: "checkout", host } as (typeof set.entries)[number]);
    }
    const body = nginxArtefact(set).body;
    expect(theMap(body).map((d) => d.args[0])).toEqual(["*.analytics.example", "api.badpay.io", "tracker.example.net"]);
    expect(body).toContain("# Hosts skipped (not valid host names): 7.");
  });

  it("is deterministic, and with nothing blocked is a map with only its default", () => {
    const set = portfolio();
    expect(nginxArtefact({ ...set, entries: [...set.entries].reverse() }).body).toBe(nginxArtefact(set).body);
    expect(theMap(nginxArtefact(quietSet()).body)).toEqual([]);
  });
});
