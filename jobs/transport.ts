/**
 * How wake-ups reach a worker. The `jobs` table is the truth in every case; a transport only
 * makes workers notice new or retried jobs sooner than the sweeper would.
 *
 * @module
 */
import type { QueueBackend } from "./types.ts";
import type { Worker } from "./worker.ts";

/** A wake-up carrier. */
export interface Transport {
  readonly backend: QueueBackend;
  /** How often the worker sweeps for due jobs when this transport is used. */
  readonly sweepMs: number;
  /** A job was stored or rescheduled (perhaps in a transaction not yet committed). */
  wake(id: string, delayMs: number): Promise<void>;
  /** Delivers wake-ups to `worker` until {@link Transport.detach}. */
  attach(worker: Worker): void;
  /** Stops delivering wake-ups (the worker is draining). */
  detach(): void;
  /** Throws when the transport cannot be used. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Postgres transport: workers poll the table with `SKIP LOCKED` every `pollMs` (so it works
 * with many instances and on Deno Deploy, where KV queues do not run); a job enqueued in this
 * process pokes the local worker at once.
 */
export class PostgresTransport implements Transport {
  readonly backend = "postgres" as const;
  #worker: Worker | undefined;

  constructor(readonly sweepMs: number) {}

  wake(_id: string, delayMs: number): Promise<void> {
    if (delayMs <= 0) this.#worker?.poke();
    return Promise.resolve();
  }

  attach(worker: Worker): void {
    this.#worker = worker;
  }

  detach(): void {
    this.#worker = undefined;
  }

  check(): Promise<void> {
    return Promise.resolve(); // the table itself is checked by the queue
  }

  close(): Promise<void> {
    this.#worker = undefined;
    return Promise.resolve();
  }
}
