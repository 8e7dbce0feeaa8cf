/**
 * The `Queue` port: what domain code sees of background work, whatever carries it (Deno KV
 * queues or a Postgres `SKIP LOCKED` poll). The `jobs` table is the source of truth for both
 * transports, so status, retries, progress and results look the same everywhere.
 *
 * @module
 */
import type { z } from "zod";
import type { Db } from "../db/database.ts";
import type { JobRow, JobStatus } from "../db/schema_jobs.ts";
import type { Actor } from "../platform/actor.ts";
import type { AppDeps } from "../platform/deps.ts";
import type { Logger } from "../platform/logger.ts";

export type { JobRow, JobStatus };

/** Which transport wakes workers up. */
export type QueueBackend = "kv" | "postgres";

/** What a handler knows about the job it runs. */
export interface JobInfo<P = unknown> {
  id: string;
  type: string;
  payload: P;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
  dedupKey: string | null;
  createdBy: string | null;
}

/** The argument of a job handler. */
export interface JobContext<P = unknown> {
  job: JobInfo<P>;
  /**
   * Reports progress (0–100) and a short message, readable live through `jobs.get`. Writes are
   * throttled and happen in the background: never awaited, so calling it inside a transaction
   * cannot deadlock the single-connection embedded database.
   */
  progress(percent: number, message?: string): void;
  /** Aborted when the worker's drain timeout runs out; the job is then put back in the queue. */
  signal: AbortSignal;
  deps: AppDeps;
  logger: Logger;
}

/**
 * Runs one job. Must be idempotent by the job's business key: a crash after the side effect
 * and before the row is marked done runs it again. The return value is stored as `result`.
 */
export type JobHandler<P = unknown, R = unknown> = (ctx: JobContext<P>) => Promise<R> | R;

/** Per-type settings of a handler. */
export interface HandlerOptions<P = unknown> {
  /** Tries before the job is dead; JOBS_MAX_ATTEMPTS when omitted. */
  maxAttempts?: number;
  /** First retry delay; doubles per try, with jitter (default 1 s). */
  backoffBaseMs?: number;
  /** Longest retry delay (default 1 h). */
  backoffMaxMs?: number;
  /** Checked at enqueue, so a bad payload fails the caller instead of the worker. */
  payload?: z.ZodType<P>;
  /** Runs in the transaction that marks the job dead (after the last try or a fatal error). */
  onDead?: (tx: Db, job: JobRow, error: string) => Promise<void>;
  /** Runs in the transaction that puts a dead or failed job back in the queue. */
  onReplay?: (tx: Db, job: JobRow) => Promise<void>;
}

/** Options of {@link Queue.enqueue}. */
export interface EnqueueOptions {
  /** Run no earlier than this many ms from now. */
  delay?: number;
  /** While a non-dead job with this (type, key) exists, enqueue returns it instead. */
  dedupKey?: string;
  /**
   * The caller's transaction: the job commits (or rolls back) with the business change. The
   * wake-up is sent at once; a worker that does not see the row yet retries shortly after.
   */
  tx?: Db;
  /** The user the job belongs to (who sees it in `jobs.list`). */
  createdBy?: string | null;
  /** Overrides the handler's max attempts for this job. */
  maxAttempts?: number;
}

/** The outcome of {@link Queue.enqueue}. */
export interface EnqueueResult {
  job: JobRow;
  /** False when a live job with the same dedup key was returned instead. */
  created: boolean;
}

/** Options of {@link Queue.start}. */
export interface WorkerOptions {
  /** Jobs run at once by this process (JOBS_CONCURRENCY). */
  concurrency?: number;
}

/** Counts and liveness reported by `/worker/health`. */
export interface QueueHealth {
  /** Backend reachable and a worker (here or in another instance) consumes the queue. */
  ok: boolean;
  /** The database and the transport answered. */
  reachable: boolean;
  backend: QueueBackend;
  /** True when this process runs a worker. */
  workerRunning: boolean;
  queued: number;
  running: number;
  failed: number;
  dead: number;
  /** Workers of every instance that refreshed their heartbeat recently. */
  workers: number;
  error?: string;
}

/** The queue port. */
export interface Queue {
  readonly backend: QueueBackend;
  /** Registers the handler of `type`; every process that enqueues or runs it registers it. */
  register<P, R = unknown>(
    type: string,
    handler: JobHandler<P, R>,
    options?: HandlerOptions<P>,
  ): void;
  /** True when `type` has a handler. */
  has(type: string): boolean;
  /** Stores a job (in `options.tx` when given) and wakes a worker. */
  enqueue<P>(type: string, payload: P, options?: EnqueueOptions): Promise<EnqueueResult>;
  /** Puts a dead or failed job back in the queue with its attempts reset. */
  replay(id: string, actor: Actor, options?: { tx?: Db }): Promise<JobRow>;
  /** Starts consuming jobs in this process. */
  start(deps: AppDeps, options?: WorkerOptions): Promise<void>;
  /**
   * Graceful drain: stop claiming, wait for running handlers up to `timeoutMs`, then abort the
   * rest and release their leases so another worker picks them up at once.
   */
  stop(timeoutMs?: number): Promise<void>;
  /** True between `start` and `stop`. */
  readonly running: boolean;
  /** Backend reachability, queue counts and live workers. */
  health(): Promise<QueueHealth>;
  /** Stops the worker and closes the transport. */
  close(): Promise<void>;
}
