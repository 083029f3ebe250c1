import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretBoxError } from "./secret-box";

const key = randomBytes(32);
const secret = "whsec_3q2-7wAbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const sealed = encryptSecret(secret, key, "webhook_endpoint:1");
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain(Buffer.from(secret).toString("base64url"));
    expect(decryptSecret(sealed, key, "webhook_endpoint:1")).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret(secret, key)).not.toBe(encryptSecret(secret, key));
  });

  it("throws when the stored value was tampered with", () => {
    const sealed = encryptSecret(secret, key);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    for (const at of [0, 12, 28, bytes.length - 1]) {
      const copy = Buffer.from(bytes);
      copy[at] ^= 0x01;
      expect(() => decryptSecret(`v1.${copy.toString("base64url")}`, key)).toThrow(SecretBoxError);
    }
    expect(() => decryptSecret(`v1.${bytes.subarray(0, bytes.length - 1).toString("base64url")}`, key)).toThrow(SecretBoxError);
  });

  it("throws with another key or another context", () => {
    const sealed = encryptSecret(secret, key, "webhook_endpoint:1");
    expect(() => decryptSecret(sealed, randomBytes(32), "webhook_endpoint:1")).toThrow(SecretBoxError);
    expect(() => decryptSecret(sealed, key, "webhook_endpoint:2")).toThrow(SecretBoxError);
  });

  it("refuses malformed values and keys of the wrong size", () => {
    for (const bad of ["", "v1.", "v2.AAAA", "v1.!!!!", "v1.AAAA", `${encryptSecret(secret, key)}.x`]) expect(() => decryptSecret(bad, key)).toThrow(SecretBoxError);
    expect(() => encryptSecret(secret, randomBytes(16))).toThrow(SecretBoxError);
    expect(() => decryptSecret(encryptSecret(secret, key), randomBytes(31))).toThrow(SecretBoxError);
  });

  it("round-trips any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string(), (plain, context) => {
        expect(decryptSecret(encryptSecret(plain, key, context), key, context)).toBe(plain);
      }),
    );
  });
});
