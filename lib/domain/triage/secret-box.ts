// Sealing of stored secrets (webhook signing secrets) with AES-256-GCM: a fresh
// 96-bit IV per value and the 128-bit tag make any change to the stored text
// fail to open instead of yielding a wrong secret. The "v1." prefix leaves room
// for a future key or algorithm change.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

function assertKey(key: Uint8Array): void {
  if (key.byteLength !== 32) throw new SecretBoxError("The key must be 32 bytes");
}

/** Encrypts `plaintext`; `context` (optional) is authenticated but not stored, and must be given again to open. */
export function encryptSecret(plaintext: string, key: Uint8Array, context = ""): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

/** Decrypts a value from encryptSecret; throws SecretBoxError when it was altered or the key or context differ. */
export function decryptSecret(sealed: string, key: Uint8Array, context = ""): string {
  assertKey(key);
  const [version, data, ...rest] = sealed.split(".");
  if (version !== VERSION || !data || rest.length || !/^[A-Za-z0-9_-]+$/.test(data)) throw new SecretBoxError("Not a sealed secret");
  const bytes = Buffer.from(data, "base64url");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("Not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("The secret cannot be opened: it was altered, or the key differs");
  }
}
