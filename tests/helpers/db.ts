/**
 * Fresh, migrated databases for tests. Without DATABASE_URL: an in-memory PGlite loaded from a
 * dump of a migrated database (made once per migration set and cached on disk, because every
 * test module runs in its own isolate and a new PGlite plus migrations costs several seconds).
 * With DATABASE_URL: a new Postgres database created from a migrated template database,
 * dropped on close.
 *
 * @module
 */
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PGliteDialect } from "kysely";
import { createPostgresClient, type DatabaseHandle, openDatabase } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { sha256Hex } from "../../platform/hash.ts";

/** The Postgres server tests run against, if any. */
export const TEST_DATABASE_URL = Deno.env.get("DATABASE_URL") || undefined;

let pgliteDump: Promise<Blob> | undefined;
let pgTemplate: Promise<string> | undefined;

/** The migrated template as a PGlite data-dir dump, from the disk cache or made now. */
async function loadPgliteDump(): Promise<Blob> {
  const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
  const path = `${tmp}/fieldhub-pglite-template-${await migrationsHash()}.tar.gz`;
  try {
    return new Blob([await Deno.readFile(path)]);
  } catch {
    // not cached yet
  }
  const pg = await PGlite.create();
  const db = new Kysely({ dialect: new PGliteDialect({ pglite: pg }) });
  await migrateToLatest(db);
  const dump = await pg.dumpDataDir("gzip");
  await db.destroy();
  const partial = `${path}.${crypto.randomUUID()}`;
  await Deno.writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
  await Deno.rename(partial, path); // atomic: parallel test processes never read half a file
  return dump;
}

/** `url` pointing at database `name` on the same server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function migrationsHash(): Promise<string> {
  const dir = new URL("../../migrations/", import.meta.url);
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) if (e.isFile) names.push(e.name);
  let text = "";
  for (const n of names.sort()) text += n + (await Deno.readTextFile(new URL(n, dir)));
  return (await sha256Hex(text)).slice(0, 12);
}

/** A template database per migration set, reused across runs while migrations are unchanged. */
function createPgTemplate(url: string): Promise<string> {
  return (async () => {
    const name = `fieldhub_tpl_${await migrationsHash()}`;
    const admin = createPostgresClient(url, 1);
    try {
      const found = await admin`select 1 from pg_database where datname = ${name}`;
      if (found.length) return name;
      const building = `${name}_${crypto.randomUUID().slice(0, 8)}`;
      await admin.unsafe(`create database ${building}`);
      const tpl = await openDatabase({ databaseUrl: withDatabase(url, building), poolMax: 1 });
      try {
        await migrateToLatest(tpl.db);
      } finally {
        await tpl.close();
      }
      await admin.unsafe(`alter database ${building} rename to ${name}`).catch(async () => {
        // Another test process built it first.
        await admin.unsafe(`drop database if exists ${building}`);
      });
      return name;
    } finally {
      await admin.end();
    }
  })();
}

/** Opens a fresh migrated database; close it with `handle.close()`. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (!TEST_DATABASE_URL) {
    pgliteDump ??= loadPgliteDump();
    const pglite = await PGlite.create({ loadDataDir: await pgliteDump });
    return await openDatabase({ pglite });
  }
  pgTemplate ??= createPgTemplate(TEST_DATABASE_URL);
  const template = await pgTemplate;
  const name = `fieldhub_t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = createPostgresClient(TEST_DATABASE_URL, 1);
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({
    databaseUrl: withDatabase(TEST_DATABASE_URL, name),
    poolMax: 10,
  });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = createPostgresClient(TEST_DATABASE_URL!, 1);
      try {
        await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
