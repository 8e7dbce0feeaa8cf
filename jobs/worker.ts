/**
 * The worker: claims jobs (all due ones on each sweep, or one named by a wake-up), runs their
 * handlers with a lease kept alive by a heartbeat, records the outcome, and drains gracefully.
 * A sweeper recovers what a transport cannot: jobs whose worker died (lease expired,
 * lease_recovery.ts) and wake-ups that were lost. Concurrency is slots.ts. Both transports share this code; they differ only in how wake-ups
 * travel.
 *
 * @module
 */
import type { Db } from "../db/database.ts";
import type { JobRow } from "../db/schema_jobs.ts";
import { withTx } from "../db/tx.ts";
import type { AppDeps } from "../platform/deps.ts";
import { type Logger, withLogContext } from "../platform/logger.ts";
import { recoverExpiredLeases } from "./lease_recovery.ts";
import { ProgressWriter } from "./progress.ts";
import { backoffDelay, type BackoffPolicy, errorText, PermanentJobError } from "./retry.ts";
import { Slots } from "./slots.ts";
import { claimJobs, completeJob, extendLeases, failJob, type Lease, releaseJobs } from "./store.ts";
import type { HandlerOptions, JobHandler } from "./types.ts";
import { beatWorker, removeWorker } from "./worker_registry.ts";

/** A registered handler with its resolved settings. */
export interface HandlerEntry {
  handler: JobHandler;
  options: HandlerOptions;
  backoff: BackoffPolicy;
}

/** Settings of a {@link Worker}. */
export interface WorkerSettings {
  db: Db;
  logger: Logger;
  workerId: string;
  backend: string;
  concurrency: number;
  /** How long a claim holds without a heartbeat; a dead worker's jobs return after this. */
  leaseMs: number;
  /** How often due jobs and expired leases are looked for. */
  sweepMs: number;
  progressThrottleMs: number;
  handlers: ReadonlyMap<string, HandlerEntry>;
  /** A failed job will run again in `delayMs` (the KV transport schedules a wake-up). */
  onRetry?: (id: string, delayMs: number) => void;
}

/** How often the worker refreshes its `job_workers` row. */
const BEAT_MS = 10_000;

interface Run {
  lease: Lease;
  abort: AbortController;
  done: Promise<void>;
}

/** Runs jobs of this process. */
export class Worker {
  readonly #s: WorkerSettings;
  readonly #deps: AppDeps;
  readonly #runs = new Map<string, Run>();
  readonly #slots: Slots;
  #stopping = false;
  #sweepTimer: ReturnType<typeof setTimeout> | undefined;
  #lastBeat = 0;
  #leaseTimer: ReturnType<typeof setInterval> | undefined;
  #pumping: Promise<void> | undefined;
  #pumpAgain = false;
  #sweeping: Promise<void> | undefined;

  constructor(settings: WorkerSettings, deps: AppDeps) {
    this.#s = settings;
    this.#deps = deps;
    this.#slots = new Slots(settings.concurrency);
  }

  /** Registers the worker and starts sweeping and heartbeats. */
  async start(): Promise<void> {
    await beatWorker(this.#s.db, this.#info());
    this.#lastBeat = Date.now();
    this.#leaseTimer = setInterval(() => this.#heartbeat(), Math.max(50, this.#s.leaseMs / 3));
    this.#sweep();
  }

  #info() {
    return { id: this.#s.workerId, backend: this.#s.backend, concurrency: this.#s.concurrency };
  }

  #heartbeat(): void {
    const ids = [...this.#runs.keys()];
    if (!ids.length) return;
    extendLeases(this.#s.db, this.#s.workerId, ids, this.#s.leaseMs)
      .catch((err) => this.#s.logger.warn("job lease not extended", { error: err }));
  }

  #sweep(): void {
    if (this.#stopping) return;
    this.#sweeping = (async () => {
      try {
        if (Date.now() - this.#lastBeat >= BEAT_MS) {
          await beatWorker(this.#s.db, this.#info());
          this.#lastBeat = Date.now();
        }
        await recoverExpiredLeases(this.#s.db, this.#s.logger, this.#s.handlers);
        await this.poke();
      } catch (err) {
        this.#s.logger.warn("job sweep failed", { error: err });
      }
    })();
    this.#sweeping.finally(() => {
      this.#sweeping = undefined;
      if (!this.#stopping) this.#sweepTimer = setTimeout(() => this.#sweep(), this.#s.sweepMs);
    });
  }

  /** Claims and starts as many due jobs as there are free slots (coalesced). */
  poke(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    if (this.#pumping) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    // `.finally` always runs in a later microtask, so the slot is cleared only after it is set,
    // even when the pump returns without awaiting (no free slot).
    const pumping = this.#pump().finally(() => {
      if (this.#pumping === pumping) this.#pumping = undefined;
    });
    this.#pumping = pumping;
    return this.#pumping;
  }

  async #pump(): Promise<void> {
    try {
      do {
        this.#pumpAgain = false;
        if (this.#stopping) return;
        const free = this.#slots.takeFree();
        if (!free) return;
        let rows: JobRow[] = [];
        try {
          rows = await claimJobs(this.#s.db, { ...this.#claimBase(), limit: free });
        } finally {
          for (let i = rows.length; i < free; i++) this.#slots.release();
        }
        for (const row of rows) this.#launch(row);
        if (rows.length === free) this.#pumpAgain = true;
      } while (this.#pumpAgain);
    } catch (err) {
      this.#s.logger.warn("job claim failed", { error: err });
    }
  }

  #claimBase() {
    return { workerId: this.#s.workerId, leaseMs: this.#s.leaseMs };
  }

  /** Waits for a free slot, then claims job `id`; the row when claimed (and started). */
  async claimOne(id: string): Promise<JobRow | undefined> {
    if (!(await this.#slots.acquire())) return undefined;
    let row: JobRow | undefined;
    try {
      [row] = await claimJobs(this.#s.db, { ...this.#claimBase(), limit: 1, id });
    } finally {
      if (!row) this.#slots.release();
    }
    if (row) this.#launch(row);
    return row;
  }

  #launch(row: JobRow): void {
    if (this.#stopping) {
      // Claimed while the drain began: hand it straight back.
      releaseJobs(this.#s.db, this.#s.workerId, [row.id]).catch(() => {}).finally(() =>
        this.#slots.release()
      );
      return;
    }
    const lease: Lease = { id: row.id, workerId: this.#s.workerId, attempt: row.attempts };
    const abort = new AbortController();
    const run: Run = { lease, abort, done: Promise.resolve() };
    this.#runs.set(row.id, run);
    run.done = withLogContext({ job_id: row.id, job_type: row.type }, () => this.#run(row, run))
      .catch((err) => this.#s.logger.error("job bookkeeping failed", { error: err }))
      .finally(() => {
        this.#runs.delete(row.id);
        this.#slots.release();
        if (!this.#stopping) this.poke();
      });
  }

  async #run(row: JobRow, run: Run): Promise<void> {
    const { db, logger } = this.#s;
    const entry = this.#s.handlers.get(row.type);
    const progress = new ProgressWriter(db, run.lease, this.#s.progressThrottleMs, logger);
    const started = performance.now();
    try {
      if (!entry) throw new Error(`no handler for job type "${row.type}" in this worker`);
      const result = await entry.handler({
        job: {
          id: row.id,
          type: row.type,
          payload: row.payload,
          attempt: row.attempts,
          maxAttempts: row.max_attempts,
          dedupKey: row.dedup_key,
          createdBy: row.created_by,
        },
        progress: (p, m) => progress.report(p, m),
        signal: run.abort.signal,
        deps: this.#deps,
        logger,
      });
      if (run.abort.signal.aborted) return await progress.discard();
      await progress.flush();
      const ok = await completeJob(db, run.lease, result);
      const ms = Math.round(performance.now() - started);
      if (ok) logger.info("job done", { attempt: row.attempts, duration_ms: ms });
      else logger.warn("job finished after losing its lease; outcome dropped", { duration_ms: ms });
    } catch (err) {
      if (run.abort.signal.aborted) return await progress.discard();
      await progress.flush();
      await this.#fail(row, run.lease, entry, err);
    }
  }

  async #fail(row: JobRow, lease: Lease, entry: HandlerEntry | undefined, err: unknown) {
    const error = errorText(err);
    const final = err instanceof PermanentJobError || lease.attempt >= row.max_attempts;
    if (final) {
      await withTx(this.#s.db, async (tx) => {
        const dead = await failJob(tx, lease, error, null);
        if (dead) await entry?.options.onDead?.(tx, dead, error);
      });
      this.#s.logger.error("job dead", { attempt: lease.attempt, error: err });
      return;
    }
    const delay = backoffDelay(lease.attempt, entry?.backoff ?? { baseMs: 1000, maxMs: 60_000 });
    const failed = await failJob(this.#s.db, lease, error, delay);
    this.#s.logger.warn("job failed; will retry", {
      attempt: lease.attempt,
      retry_in_ms: delay,
      error: err,
    });
    if (failed) this.#s.onRetry?.(row.id, delay);
  }

  /**
   * Graceful drain: no new claims; running handlers get `timeoutMs` to finish; the rest are
   * aborted and their jobs put back in the queue for another worker.
   */
  async stop(timeoutMs: number): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    clearTimeout(this.#sweepTimer);
    this.#slots.close();
    await this.#sweeping;
    await this.#pumping;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...this.#runs.values()].map((r) => r.done)),
      new Promise((r) => (timer = setTimeout(r, timeoutMs))),
    ]);
    clearTimeout(timer);
    clearInterval(this.#leaseTimer);
    const left = [...this.#runs.values()];
    for (const r of left) r.abort.abort(new Error("worker stopping"));
    try {
      const n = await releaseJobs(this.#s.db, this.#s.workerId, left.map((r) => r.lease.id));
      if (n) this.#s.logger.warn("jobs handed back at shutdown", { count: n });
      await removeWorker(this.#s.db, this.#s.workerId);
    } catch (err) {
      this.#s.logger.warn("worker stop bookkeeping failed", { error: err });
    }
    // Handlers that ignore the signal are not waited for long: their outcome is dropped anyway.
    await Promise.race([
      Promise.all(left.map((r) => r.done)),
      new Promise((r) => (timer = setTimeout(r, 1000))),
    ]);
    clearTimeout(timer);
  }
}
