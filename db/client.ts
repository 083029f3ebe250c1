// Opens the system of record: PostgreSQL through `postgres` when DATABASE_URL
// is set, otherwise an embedded PGlite database on disk. Both speak the same
// drizzle schema. PGlite has no lock of its own, so a pid lock file keeps a
// second process from opening the same folder and silently losing writes.
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  /** Human-readable location, without credentials. */
  location: string;
  close(): Promise<void>;
  /** The driver's own client (postgres Sql or PGlite), for migrations and the job queue. */
  driver: unknown;
  /** The connection URL (PostgreSQL only), for components that open their own pool. */
  url?: string;
}

export class DatabaseLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already open in process ${pid} (probably the Sibyl server). ` +
        `PGlite cannot share its folder between processes: stop that process first, ` +
        `or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Folders this process holds: a second open in the same process is refused too.
const heldInProcess = new Set<string>();

/** Takes the folder's lock or throws DatabaseLockedError; returns the release function. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  if (heldInProcess.has(dir)) throw new DatabaseLockedError(dir, process.pid);
  const lockPath = path.join(dir, "sibyl.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      heldInProcess.add(dir);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldInProcess.delete(dir);
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
      if (Number.isFinite(owner) && owner !== process.pid && processAlive(owner)) {
        throw new DatabaseLockedError(dir, owner);
      }
      // A stale lock from a process that is gone (or our own from before a crash).
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock in ${dir}`);
}

export async function openDatabase(options: { url?: string; dataDir: string; /** PostgreSQL pool size (default 10). */ max?: number }): Promise<DatabaseHandle> {
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const sql = postgres(options.url, { max: options.max ?? 10, onnotice: () => {}, idle_timeout: 30 });
    const db = drizzle(sql, { schema, casing: "snake_case" }) as unknown as Db;
    const u = new URL(options.url);
    return {
      db,
      kind: "postgres",
      location: `postgresql://${u.host}${u.pathname}`,
      driver: sql,
      url: options.url,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const dir = path.resolve(options.dataDir, "pglite");
  const release = lockDataDir(path.resolve(options.dataDir));
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
    const { drizzle } = await import("drizzle-orm/pglite");
    // pg_trgm serves the findings queue's text search (a trigram index), as on PostgreSQL.
    const client = await PGlite.create(dir, { extensions: { pg_trgm } });
    const db = drizzle(client, { schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      location: dir,
      driver: client,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
