/**
 * Waiting in tests for something another task does: poll a check until it holds, or fail
 * naming what never happened.
 *
 * @module
 */
import type { Db } from "../../db/database.ts";
import type { JobRow, JobStatus } from "../../db/schema_jobs.ts";
import { getJob } from "../../jobs/store.ts";

const LATE = Symbol("late");

/**
 * Polls `check` every 20 ms until it returns a value, or fails after `timeoutMs` — also when a
 * check itself never settles (a lost database answer fails the test instead of hanging it).
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<typeof LATE>((r) => (timer = setTimeout(r, end - Date.now(), LATE)));
    const v = await Promise.race([check(), late]).finally(() => clearTimeout(timer));
    if (v === LATE) throw new Error(`timed out waiting for ${what} (a check never answered)`);
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
    const row = await getJob(db, id);
    return row && statuses.includes(row.status) ? row : undefined;
  }, timeoutMs);
}
