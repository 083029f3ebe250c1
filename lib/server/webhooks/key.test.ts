import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KEY_FILE, resolveWebhookKey } from "./key";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-key-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("webhook encryption key", () => {
  it("derives 32 bytes from SIBYL_ENCRYPTION_KEY first, then AUTH_SECRET", () => {
    const a = "a".repeat(32);
    const b = "b".repeat(32);
    const fromKey = resolveWebhookKey({ encryptionKey: a, authSecret: b, dataDir: tmp });
    expect(fromKey).toHaveLength(32);
    expect(fromKey.equals(resolveWebhookKey({ encryptionKey: a, dataDir: tmp }))).toBe(true);
    expect(fromKey.equals(resolveWebhookKey({ authSecret: b, dataDir: tmp }))).toBe(false);
    // Derived, not the raw material.
    expect(fromKey.equals(Buffer.from(a).subarray(0, 32))).toBe(false);
    expect(fs.existsSync(path.join(tmp, KEY_FILE))).toBe(false);
  });

  it("otherwise creates a private random key file in the data folder and reuses it", () => {
    const dir = path.join(tmp, "nested", "data");
    const first = resolveWebhookKey({ dataDir: dir });
    const file = path.join(dir, KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveWebhookKey({ dataDir: dir }).equals(first)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([KEY_FILE]);
    expect(resolveWebhookKey({ dataDir: path.join(tmp, "other") }).equals(first)).toBe(false);
  });

  it("refuses a damaged key file instead of replacing it", () => {
    const dir = path.join(tmp, "damaged");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, KEY_FILE), "short\n");
    expect(() => resolveWebhookKey({ dataDir: dir })).toThrow(/32-byte/);
  });
});
