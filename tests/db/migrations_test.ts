import assert from "node:assert/strict";
import { sql } from "kysely";
import { createPostgresClient, openDatabase } from "../../db/connect.ts";
import { migrateToLatest } from "../../db/migrator.ts";
import { TEST_DATABASE_URL } from "../helpers/db.ts";

Deno.test("migrating an up-to-date embedded database applies nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await openDatabase({ pgliteDir: dir });
    const applied = (await migrateToLatest(first.db)).applied;
    assert.ok(applied.includes("0001_platform_core"));
    await first.close();
    const again = await openDatabase({ pgliteDir: dir });
    assert.deepEqual((await migrateToLatest(again.db)).applied, []);
    const tables = await sql<
      { n: number }
    >`select count(*)::int as n from information_schema.tables where table_name in ('users','audit_log','idempotency_keys')`
      .execute(again.db);
    assert.equal(tables.rows[0].n, 3);
    await again.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a second opener of an embedded database in use is refused, naming the holder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await openDatabase({ pgliteDir: dir });
    await assert.rejects(
      () => openDatabase({ pgliteDir: dir }),
      new RegExp(`in use by process ${Deno.pid}`),
    );
    await first.close();
    const second = await openDatabase({ pgliteDir: dir });
    await second.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "two instances migrating one Postgres at once apply each migration exactly once",
  ignore: !TEST_DATABASE_URL,
  fn: async () => {
    const name = `fieldhub_mig_${crypto.randomUUID().slice(0, 8)}`;
    const admin = createPostgresClient(TEST_DATABASE_URL!, 1);
    await admin.unsafe(`create database ${name}`);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const a = await openDatabase({ databaseUrl: url.toString() });
    const b = await openDatabase({ databaseUrl: url.toString() });
    try {
      const [ra, rb] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      const all = [...ra.applied, ...rb.applied].sort();
      const unique = [...new Set(all)];
      assert.deepEqual(all, unique, "no migration applied twice");
      const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(a.db);
      assert.deepEqual(rows.rows.map((r) => r.name).sort(), unique);
    } finally {
      await a.close();
      await b.close();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    }
  },
});
