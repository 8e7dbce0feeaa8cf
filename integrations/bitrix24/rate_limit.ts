/**
 * The Bitrix24 request budget, shared by every worker of every instance. A portal counts all
 * requests of a webhook together (a leaky bucket of about 2 requests/s, answering
 * `QUERY_LIMIT_EXCEEDED` beyond it), so a limiter in one process's memory would let N workers
 * send N times the rate. The budget lives in Postgres instead, as one row per portal: the time
 * the next request may go (`next_free`). Taking a slot is one atomic upsert that moves the clock
 * on by 1/rate, so concurrent callers get distinct slots and simply sleep until theirs — a
 * token bucket of `burst` tokens, kept as the "theoretical arrival time" of GCRA.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/** Settings of a {@link SharedRateLimiter}. */
export interface RateLimitSettings {
  /** Requests per second. */
  rps: number;
  /** Requests that may go back to back after a quiet spell (≥ 1). */
  burst: number;
}

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A rate limit whose state is a row of `b24_rate_slots`, so it holds across processes.
 *
 * @example
 * ```ts
 * const limiter = new SharedRateLimiter(deps.db, "b24:portal.bitrix24.ru", { rps: 2, burst: 1 });
 * await limiter.acquire(); // waits for this caller's slot
 * ```
 */
export class SharedRateLimiter {
  readonly #intervalMs: number;

  constructor(
    private readonly db: Db,
    /** One budget per portal (and webhook user). */
    readonly name: string,
    readonly settings: RateLimitSettings,
  ) {
    if (!(settings.rps > 0)) throw new RangeError(`rps must be > 0, got ${settings.rps}`);
    this.#intervalMs = 1000 / settings.rps;
  }

  /**
   * Takes the next free slot and waits until it comes.
   *
   * @returns how long the caller waited, in ms
   */
  async acquire(signal?: AbortSignal): Promise<number> {
    const interval = this.#intervalMs;
    // A slot may lie up to (burst - 1) intervals in the past: that is the bucket's stock.
    const credit = (Math.max(1, this.settings.burst) - 1) * interval;
    const { rows } = await sql<{ wait_ms: number }>`
      insert into b24_rate_slots as s (name, next_free)
      values (${this.name}, clock_timestamp() + ${interval} * interval '1 millisecond')
      on conflict (name) do update set next_free =
        greatest(s.next_free, clock_timestamp() - ${credit} * interval '1 millisecond')
        + ${interval} * interval '1 millisecond'
      returning (extract(epoch from (next_free - clock_timestamp())) * 1000 - ${interval})::float8
        as wait_ms`.execute(this.db);
    const wait = Math.max(0, Math.ceil(Number(rows[0].wait_ms)));
    await sleep(wait, signal);
    return wait;
  }

  /**
   * Pushes every caller's next slot at least `ms` into the future: after the portal answered
   * QUERY_LIMIT_EXCEEDED, all workers back off, not only the one that was refused.
   */
  async pause(ms: number): Promise<void> {
    await sql`
      insert into b24_rate_slots as s (name, next_free)
      values (${this.name}, clock_timestamp() + ${ms} * interval '1 millisecond')
      on conflict (name) do update set next_free =
        greatest(s.next_free, clock_timestamp() + ${ms} * interval '1 millisecond')`
      .execute(this.db);
  }
}
