import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tarGz } from "./tar";

describe("tarGz", () => {
  it("writes an archive the system tar extracts byte for byte, the same bytes every time", () => {
    const files = [{ name: "data.json", body: '{"sibyl":{"egress":{}}}\n' }, { name: "policy.rego", body: "package sibyl.egress\n".repeat(40) }];
    const bytes = tarGz(files, 1_760_000_000);
    expect(tarGz(files, 1_760_000_000).equals(bytes)).toBe(true);
    const dir = mkdtempSync(path.join(tmpdir(), "sibyl-tar-"));
    writeFileSync(path.join(dir, "bundle.tar.gz"), bytes);
    execFileSync("tar", ["-xzf", "bundle.tar.gz"], { cwd: dir });
    for (const f of files) expect(readFileSync(path.join(dir, f.name), "utf8")).toBe(f.body);
  });
});
