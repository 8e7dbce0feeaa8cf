/**
 * Applies the frozen, ordered migrations in `migrations/` (file name order). Kysely's migrator
 * takes a Postgres advisory lock for the run, so two instances starting at once apply each
 * migration exactly once; the embedded engine is single-process and needs no lock.
 *
 * @module
 */
import type { Kysely } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";

const MIGRATIONS_DIR = new URL("../migrations/", import.meta.url);

/** Reads `migrations/*.ts` with dynamic import; no `fs`/`path` shims needed on Deno. */
export class DirectoryMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: URL = MIGRATIONS_DIR) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const names: string[] = [];
    for await (const entry of Deno.readDir(this.dir)) {
      if (entry.isFile && /^\d{4}_[a-z0-9_]+\.ts$/.test(entry.name)) names.push(entry.name);
    }
    names.sort();
    const migrations: Record<string, Migration> = {};
    for (const name of names) {
      migrations[name.replace(/\.ts$/, "")] = await import(new URL(name, this.dir).href);
    }
    return migrations;
  }
}

/** Outcome of {@link migrateToLatest}: names applied by this call. */
export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the newest migration.
 *
 * @throws the first failing migration's error; that migration's transaction is rolled back
 */
// deno-lint-ignore no-explicit-any
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  // Domains are built in parallel, each with its own migration numbers; a migration that lands
  // with a lower number than one already applied is still applied.
  const migrator = new Migrator({
    db,
    provider: new DirectoryMigrationProvider(),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    const where = failed ? ` in ${failed.migrationName}` : "";
    throw new Error(`Migration failed${where}: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  return {
    applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName),
  };
}
