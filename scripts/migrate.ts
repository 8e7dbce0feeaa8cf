/**
 * `deno task migrate`: applies pending migrations to the configured database and exits.
 *
 * @module
 */
import { loadConfig } from "../config.ts";
import { migrateToLatest } from "../db/migrator.ts";
import { openConfiguredDatabase } from "../platform/bootstrap.ts";

const config = loadConfig(Deno.env.toObject());
const database = await openConfiguredDatabase(config);
try {
  const { applied } = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Schema is up to date");
} finally {
  await database.close();
}
