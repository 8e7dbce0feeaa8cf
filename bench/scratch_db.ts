/**
 * A scratch Postgres database for one benchmark run, made on the server of `DATABASE_URL` and
 * dropped afterwards.
 *
 * @module
 */
import { createPostgresClient } from "../db/connect.ts";
import { withDatabase } from "../tests/helpers/db.ts";

/** A created database: its URL, and `drop()` (forced: connections left open are cut). */
export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<random>` next to `url`'s. */
export async function scratchPostgres(url: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = createPostgresClient(url, 1);
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(url, name),
    drop: async () => {
      const c = createPostgresClient(url, 1);
      try {
        await c.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
