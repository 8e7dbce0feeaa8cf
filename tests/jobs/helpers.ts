/**
 * Shared pieces of the jobs tests: a test app per transport, with short leases, and a gate for
 * handlers that wait for the test.
 *
 * @module
 */
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

/** A promise with its resolve function, for handlers that wait for the test. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
