/**
 * Opens the database: embedded PGlite under DATA_DIR when no DATABASE_URL is set (so
 * `deno task dev` needs no server), postgres.js otherwise. Both speak PostgreSQL, so the
 * same migrations and queries run on either.
 *
 * @module
 */
import { Kysely, PGliteDialect } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { PGlite, type PGliteInterface } from "@electric-sql/pglite";
import type { Database, Db } from "./database.ts";
import { acquireDirLock } from "./dir_lock.ts";

/** Which engine a {@link DatabaseHandle} runs on. */
export type DatabaseKind = "pglite" | "postgres";

/** An open database and how to close it. */
export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  /** Closes the pool (or the embedded engine) and releases the data-dir lock. */
  close(): Promise<void>;
}

/** Options of {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** A `postgres://` URL; when absent the embedded engine is used. */
  databaseUrl?: string;
  /** Folder of the embedded database (`<DATA_DIR>/pgdata`); `memory://` for a throwaway one. */
  pgliteDir?: string;
  /** An already created PGlite (tests clone a migrated template). */
  pglite?: PGliteInterface;
  /** Pool size for postgres.js. */
  poolMax?: number;
}

// postgres.js returns int8 (count(*), bigint ids) as strings and PGlite as numbers; numbers
// everywhere keep domain code driver-agnostic (ids stay far below 2^53).
const int8AsNumber = {
  to: 20,
  from: [20],
  serialize: (x: number) => String(x),
  parse: (x: string) => Number(x),
};

/** Creates a postgres.js client with the settings fieldhub relies on. */
export function createPostgresClient(url: string, max = 10): postgres.Sql {
  return postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 10,
    types: { int8AsNumber },
  } as postgres.Options<Record<string, postgres.PostgresType>>);
}

/**
 * Opens the database described by `options`.
 *
 * @example
 * ```ts
 * const { db, close } = await openDatabase({ pgliteDir: "./data/pgdata" });
 * await close();
 * ```
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const client = createPostgresClient(options.databaseUrl, options.poolMax);
    const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: client }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  let release = () => Promise.resolve();
  let pglite: PGliteInterface | undefined = options.pglite;
  if (!pglite) {
    const dir = options.pgliteDir ?? "memory://";
    if (!dir.startsWith("memory://")) {
      await Deno.mkdir(dir, { recursive: true });
      release = await acquireDirLock(dir);
    }
    try {
      pglite = await PGlite.create(dir);
    } catch (err) {
      await release();
      throw err;
    }
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  const engine = pglite;
  return {
    db,
    kind: "pglite",
    close: async () => {
      await db.destroy();
      if (!engine.closed) await engine.close();
      await release();
    },
  };
}
