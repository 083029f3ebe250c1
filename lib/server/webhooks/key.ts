import "server-only";
import { hkdfSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

// The key that encrypts webhook signing secrets at rest. Production derives it
// from SIBYL_ENCRYPTION_KEY (or AUTH_SECRET) with HKDF, so the same material
// never serves two purposes directly. Development and tests, which may set
// neither, get a random key kept next to the embedded database.

const HKDF_SALT = "sibyl/secret-box";
const HKDF_INFO = "webhook-endpoint-secret/v1";
export const KEY_FILE = "webhook.key";

export interface KeySource {
  encryptionKey?: string;
  authSecret?: string;
  dataDir: string;
}

function derive(material: Buffer | string): Buffer {
  return Buffer.from(hkdfSync("sha256", material, HKDF_SALT, HKDF_INFO, 32));
}

/** Reads the data folder's key file, creating it (mode 0600) on first use; safe when two processes race. */
function fileKeyMaterial(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  const read = (): Buffer => {
    const bytes = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    if (bytes.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key; remove it only if no webhook endpoints exist, or set SIBYL_ENCRYPTION_KEY`);
    return bytes;
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(dataDir, { recursive: true });
  // Written to a private temporary file and linked into place: link fails if
  // another process got there first, and no reader ever sees a partial file.
  const tmp = path.join(dataDir, `${KEY_FILE}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  fs.writeFileSync(tmp, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return read();
}

/** The 32-byte key for the given configuration (exported for tests; the app uses webhookKey()). */
export function resolveWebhookKey(source: KeySource): Buffer {
  if (source.encryptionKey) return derive(source.encryptionKey);
  if (source.authSecret) return derive(source.authSecret);
  return derive(fileKeyMaterial(source.dataDir));
}

let cached: Buffer | undefined;

/** The key this process encrypts and decrypts webhook secrets with. */
export function webhookKey(): Buffer {
  if (!cached) {
    const e = env();
    cached = resolveWebhookKey({ encryptionKey: e.SIBYL_ENCRYPTION_KEY, authSecret: e.AUTH_SECRET, dataDir: e.SIBYL_DATA_DIR });
  }
  return cached;
}
