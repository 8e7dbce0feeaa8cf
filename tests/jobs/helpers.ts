/**
 * Shared pieces of the jobs tests: a test app per transport, with short leases, and waiting
 * for a job row to reach a status.
 *
 * @module
 */
import type { Db } from "../../db/database.ts";
import type { JobRow, JobStatus } from "../../db/schema_jobs.ts";
import type { QueueBackend } from "../../jobs/types.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";

/** Both transports; every contract test runs once per entry. */
export const BACKENDS: QueueBackend[] = ["kv", "postgres"];

/**
 * A test app on `backend`. With KV the sweeper is slowed right down, so the test proves the
 * KV wake-ups (not the safety-net sweep) deliver the jobs; Postgres polls every 50 ms.
 */
export function startJobsApp(
  backend: QueueBackend,
  jobs: { leaseMs?: number; sweepMs?: number; drainTimeoutMs?: number } = {},
): Promise<TestApp> {
  return startTestApp({
    env: { JOBS_BACKEND: backend, JOBS_MAX_ATTEMPTS: "3" },
    jobs: {
      leaseMs: 2_000,
      sweepMs: backend === "kv" ? 60_000 : 50,
      progressThrottleMs: 20,
      ...jobs,
    },
  });
}

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
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

/** A promise with its resolve function, for handlers that wait for the test. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
