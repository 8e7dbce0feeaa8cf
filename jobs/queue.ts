/**
 * `createQueue()`: the {@link Queue} port over the `jobs` table with a KV or Postgres
 * transport. Handlers are registered per type; `enqueue` stores the row (in the caller's
 * transaction when given) and wakes a worker; `start`/`stop` run and drain this process's
 * worker.
 *
 * @module
 */
import type { Db } from "../db/database.ts";
import type { JobRow } from "../db/schema_jobs.ts";
import { withTx } from "../db/tx.ts";
import type { Actor } from "../platform/actor.ts";
import { writeAudit } from "../platform/audit.ts";
import type { AppDeps } from "../platform/deps.ts";
import { AppError, validationError } from "../platform/errors.ts";
import type { Logger } from "../platform/logger.ts";
import { KvTransport } from "./kv_transport.ts";
import { DEFAULT_BACKOFF } from "./retry.ts";
import { countByStatus, insertJob, lockJob, requeueJob } from "./store.ts";
import { PostgresTransport, type Transport } from "./transport.ts";
import type {
  EnqueueOptions,
  EnqueueResult,
  HandlerOptions,
  JobHandler,
  Queue,
  QueueBackend,
  QueueHealth,
  WorkerOptions,
} from "./types.ts";
import { type HandlerEntry, Worker } from "./worker.ts";
import { countLiveWorkers } from "./worker_registry.ts";

/** Options of {@link createQueue}. */
export interface QueueOptions {
  backend: QueueBackend;
  db: Db;
  logger: Logger;
  /** Tries per job unless its type says otherwise (JOBS_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** Default worker concurrency (JOBS_CONCURRENCY). */
  concurrency?: number;
  /** KV file of the KV transport (KV_PATH; `:memory:` in tests). */
  kvPath?: string;
  /** Claim lease; a killed worker's job is picked up again after this (default 30 s). */
  leaseMs?: number;
  /** Sweep period: default 1 s for Postgres (its poll), 5 s for KV (a safety net). */
  sweepMs?: number;
  /** Minimum time between two progress writes of a job (default 500 ms). */
  progressThrottleMs?: number;
  /** How long `close()` lets running handlers finish (default 10 s). */
  drainTimeoutMs?: number;
}

/** A worker counts as alive for /worker/health while its heartbeat is this recent. */
const WORKER_LIVE_MS = 60_000;

class JobQueue implements Queue {
  readonly #handlers = new Map<string, HandlerEntry>();
  #worker: Worker | undefined;
  readonly #workerId = `${Deno.hostname()}:${Deno.pid}:${crypto.randomUUID().slice(0, 8)}`;

  constructor(private readonly o: QueueOptions, private readonly transport: Transport) {}

  get backend(): QueueBackend {
    return this.transport.backend;
  }

  get running(): boolean {
    return this.#worker !== undefined;
  }

  register<P, R = unknown>(
    type: string,
    handler: JobHandler<P, R>,
    options: HandlerOptions<P> = {},
  ): void {
    if (this.#handlers.has(type)) throw new Error(`job type "${type}" is already registered`);
    this.#handlers.set(type, {
      handler: handler as JobHandler,
      options: options as HandlerOptions,
      backoff: {
        baseMs: options.backoffBaseMs ?? DEFAULT_BACKOFF.baseMs,
        maxMs: options.backoffMaxMs ?? DEFAULT_BACKOFF.maxMs,
      },
    });
  }

  has(type: string): boolean {
    return this.#handlers.has(type);
  }

  async enqueue<P>(type: string, payload: P, options: EnqueueOptions = {}): Promise<EnqueueResult> {
    const entry = this.#handlers.get(type);
    if (!entry) throw new Error(`no handler registered for job type "${type}"`);
    let value: unknown = payload;
    if (entry.options.payload) {
      const parsed = entry.options.payload.safeParse(payload);
      if (!parsed.success) throw validationError(parsed.error, "body");
      value = parsed.data;
    }
    const delayMs = Math.max(0, options.delay ?? 0);
    const out = await insertJob(options.tx ?? this.o.db, {
      type,
      payload: value,
      dedupKey: options.dedupKey ?? null,
      maxAttempts: options.maxAttempts ?? entry.options.maxAttempts ?? this.o.maxAttempts,
      delayMs,
      createdBy: options.createdBy ?? null,
    });
    if (out.created) await this.transport.wake(out.job.id, delayMs);
    return out;
  }

  async replay(id: string, actor: Actor, options: { tx?: Db } = {}): Promise<JobRow> {
    const job = await withTx(options.tx ?? this.o.db, async (tx) => {
      const row = await lockJob(tx, id);
      if (!row) throw new AppError("NOT_FOUND", "Job not found");
      if (row.status !== "dead" && row.status !== "failed") {
        throw new AppError("CONFLICT", `Only dead or failed jobs can be replayed (${row.status})`);
      }
      if (row.dedup_key !== null && row.status === "dead") {
        const live = await tx.selectFrom("jobs").select("id").where("type", "=", row.type)
          .where("dedup_key", "=", row.dedup_key).where("status", "<>", "dead")
          .executeTakeFirst();
        if (live) {
          throw new AppError("CONFLICT", `Job ${live.id} with the same business key is live`);
        }
      }
      const requeued = await requeueJob(tx, id);
      await this.#handlers.get(row.type)?.options.onReplay?.(tx, requeued);
      await writeAudit(tx, actor, {
        entity: "job",
        entityId: id,
        action: "replay",
        before: { status: row.status, attempts: row.attempts, last_error: row.last_error },
        after: { status: requeued.status, attempts: requeued.attempts },
        meta: { type: row.type },
      });
      return requeued;
    });
    await this.transport.wake(id, 0);
    // Inside the caller's transaction the first wake-up may arrive before the commit.
    if ((options.tx ?? this.o.db).isTransaction) await this.transport.wake(id, 1_000);
    return job;
  }

  async start(deps: AppDeps, options: WorkerOptions = {}): Promise<void> {
    if (this.#worker) return;
    const worker = new Worker({
      db: this.o.db,
      logger: this.o.logger,
      workerId: this.#workerId,
      backend: this.backend,
      concurrency: options.concurrency ?? this.o.concurrency ?? 4,
      leaseMs: this.o.leaseMs ?? 30_000,
      sweepMs: this.o.sweepMs ?? this.transport.sweepMs,
      progressThrottleMs: this.o.progressThrottleMs ?? 500,
      handlers: this.#handlers,
      onRetry: (id, delayMs) => {
        this.transport.wake(id, delayMs).catch((err) =>
          this.o.logger.warn("job wake-up not sent", { job_id: id, error: err })
        );
      },
    }, deps);
    this.#worker = worker;
    await worker.start();
    this.transport.attach(worker);
    this.o.logger.info("job worker started", { backend: this.backend, worker: this.#workerId });
  }

  async stop(timeoutMs = this.o.drainTimeoutMs ?? 10_000): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.transport.detach();
    await worker.stop(timeoutMs);
    this.#worker = undefined;
    this.o.logger.info("job worker stopped", { worker: this.#workerId });
  }

  async health(): Promise<QueueHealth> {
    const workerRunning = this.running;
    try {
      await this.transport.check();
      const counts = await countByStatus(this.o.db);
      const workers = await countLiveWorkers(this.o.db, WORKER_LIVE_MS);
      return {
        ok: workerRunning || workers > 0,
        reachable: true,
        backend: this.backend,
        workerRunning,
        queued: counts.queued,
        running: counts.running,
        failed: counts.failed,
        dead: counts.dead,
        workers,
        ...(workerRunning || workers > 0 ? {} : { error: "no job worker is running" }),
      };
    } catch (err) {
      return {
        ok: false,
        reachable: false,
        backend: this.backend,
        workerRunning,
        queued: 0,
        running: 0,
        failed: 0,
        dead: 0,
        workers: 0,
        error: (err as Error).message ?? String(err),
      };
    }
  }

  async close(): Promise<void> {
    await this.stop();
    await this.transport.close();
  }
}

/**
 * Creates the queue. The KV transport opens its own KV handle (one `listenQueue` per handle);
 * the Postgres transport needs nothing beyond `db`.
 *
 * @example
 * ```ts
 * const queue = await createQueue({ backend: "kv", kvPath: ":memory:", db, logger, maxAttempts: 5 });
 * queue.register("export.xlsx", async ({ job, progress }) => { progress(50); return { rows: 10 }; });
 * await queue.enqueue("export.xlsx", { entity: "objects" }, { dedupKey: "export-42" });
 * ```
 */
export async function createQueue(options: QueueOptions): Promise<Queue> {
  const transport = options.backend === "kv"
    ? await KvTransport.open(
      options.kvPath ?? ":memory:",
      options.db,
      options.logger,
      options.sweepMs ?? 5_000,
    )
    : new PostgresTransport(options.sweepMs ?? 1_000);
  return new JobQueue(options, transport);
}
