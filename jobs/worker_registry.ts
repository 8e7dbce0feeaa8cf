/**
 * The `job_workers` table: each running worker refreshes its row on every sweep, so any
 * instance (also one that runs no worker itself) can tell whether someone consumes the queue.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../db/database.ts";

/** A worker as registered. */
export interface WorkerInfo {
  id: string;
  backend: string;
  concurrency: number;
}

/** Inserts or refreshes the worker's row. */
export async function beatWorker(db: Db, w: WorkerInfo): Promise<void> {
  await db.insertInto("job_workers").values({
    id: w.id,
    backend: w.backend,
    hostname: Deno.hostname(),
    pid: Deno.pid,
    concurrency: w.concurrency,
  }).onConflict((oc) => oc.column("id").doUpdateSet({ heartbeat_at: sql`now()` })).execute();
}

/** Removes the worker's row (graceful stop) and rows of workers silent for a day. */
export async function removeWorker(db: Db, id: string): Promise<void> {
  await db.deleteFrom("job_workers")
    .where((eb) =>
      eb.or([eb("id", "=", id), eb("heartbeat_at", "<", sql<Date>`now() - interval '1 day'`)])
    )
    .execute();
}

/** Workers whose heartbeat is younger than `withinMs`. */
export async function countLiveWorkers(db: Db, withinMs: number): Promise<number> {
  const row = await db.selectFrom("job_workers").select((e) => e.fn.countAll<number>().as("n"))
    .where(
      "heartbeat_at",
      ">",
      sql<Date>`now() - ${withinMs}::double precision * interval '1 millisecond'`,
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
