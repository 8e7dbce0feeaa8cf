/**
 * Transaction helpers shared by every domain.
 *
 * @module
 */
import { sql } from "kysely";
import type { RawBuilder } from "kysely";
import type { Db, Tx } from "./database.ts";

/**
 * Runs `fn` in a transaction, or inside the caller's one when `db` already is a transaction.
 * Domain functions use it so that an idempotent request (which runs the whole handler in one
 * transaction) and a plain call both commit the business change and its audit row together.
 */
export function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  return db.transaction().execute(fn);
}

/**
 * A `jsonb` parameter that both drivers store as the same JSON (postgres.js would otherwise
 * encode a pre-stringified value twice, and serialize top-level arrays as SQL arrays).
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql`${JSON.stringify(value)}::text::jsonb`;
}
