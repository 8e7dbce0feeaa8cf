/**
 * Waiting in tests for something another task does: poll a check until it holds, or fail
 * naming what never happened.
 *
 * @module
 */
import type { Db } from "../../db/database.ts";
import type { JobRow, JobStatus } from "../../db/schema_jobs.ts";

/** Polls `check` every 20 ms until it returns a value, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until job `id` is in one of `statuses`; returns the row. */
export function waitForJob(
  db: Db,
  id: string,
  statuses: JobStatus[],
  timeoutMs?: number,
): Promise<JobRow> {
  return waitUntil(`job ${id} to be ${statuses.join("/")}`, async () => {
    const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
    return row && statuses.includes(row.status) ? row : undefined;
  }, timeoutMs);
}
