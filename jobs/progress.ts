/**
 * Throttled progress reports of a running job. A handler may report on every row it processes;
 * the row is written at most once per interval (the last report wins), writes are chained so
 * they land in order, and `flush()` writes the final state before the job is finished.
 *
 * @module
 */
import type { Db } from "../db/database.ts";
import type { Logger } from "../platform/logger.ts";
import { type Lease, writeProgress } from "./store.ts";

/** Writes progress of one job run. */
export class ProgressWriter {
  #pending: { percent: number; message: string | null } | undefined;
  #lastWrite = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly lease: Lease,
    private readonly throttleMs: number,
    private readonly logger: Logger,
  ) {}

  /** Records a report; writes now or at the end of the current interval. */
  report(percent: number, message?: string): void {
    if (!Number.isFinite(percent)) return;
    const p = Math.min(100, Math.max(0, Math.round(percent)));
    this.#pending = { percent: p, message: message?.slice(0, 500) ?? null };
    if (this.#timer) return;
    const wait = this.#lastWrite + this.throttleMs - Date.now();
    if (wait <= 0) this.#write();
    else this.#timer = setTimeout(() => this.#write(), wait);
  }

  #write(): void {
    this.#timer = undefined;
    const next = this.#pending;
    this.#pending = undefined;
    if (!next) return;
    this.#lastWrite = Date.now();
    this.#chain = this.#chain.then(() =>
      writeProgress(this.db, this.lease, next.percent, next.message)
    ).catch((err) => this.logger.warn("job progress not saved", { error: err }));
  }

  /** Writes what is pending and waits for every write. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#write();
    await this.#chain;
  }

  /** Drops what is pending (the run was handed back) and waits for writes in flight. */
  async discard(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
    await this.#chain;
  }
}
