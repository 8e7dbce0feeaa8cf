/**
 * Deno KV transport: each stored job sends a `{jobId}` message (with `delay` for scheduled runs
 * and retries); the listener claims that job row. KV delivers at least once and redelivers
 * when a process dies, and the claim is atomic, so duplicates are harmless.
 *
 * KV limits this respects (deno docs, denokv): one `listenQueue` per KV handle, so the transport
 * owns its handle; `delay` at most 30 days (longer waits are re-sent on arrival); messages carry
 * only the id, far below the 64 KiB value limit.
 *
 * @module
 */
import type { Db } from "../db/database.ts";
import type { Logger } from "../platform/logger.ts";
import { getJob } from "./store.ts";
import type { Transport } from "./transport.ts";
import type { Worker } from "./worker.ts";

const MAX_DELAY_MS = 30 * 86_400_000;
/** Re-sends while a job's row is not visible yet (its transaction has not committed). */
const UNSEEN_RETRY_MS = [100, 500, 2_000, 5_000];

interface WakeMessage {
  fieldhubJob: string;
  /** How many times the row was not found yet. */
  unseen: number;
}

function isWake(value: unknown): value is WakeMessage {
  return typeof (value as WakeMessage)?.fieldhubJob === "string";
}

/** Wake-ups through a Deno KV queue. */
export class KvTransport implements Transport {
  readonly backend = "kv" as const;
  #worker: Worker | undefined;
  #listening: Promise<void> | undefined;
  #closed = false;

  private constructor(
    private readonly kv: Deno.Kv,
    private readonly db: Db,
    private readonly logger: Logger,
    readonly sweepMs: number,
  ) {}

  /** Opens the transport's own KV handle at `path` (`:memory:` in tests). */
  static async open(path: string, db: Db, logger: Logger, sweepMs: number): Promise<KvTransport> {
    if (path !== ":memory:") {
      await Deno.mkdir(path.replace(/\/[^/]*$/, "") || ".", { recursive: true });
    }
    return new KvTransport(await Deno.openKv(path), db, logger, sweepMs);
  }

  async wake(id: string, delayMs: number, unseen = 0): Promise<void> {
    if (this.#closed) return;
    const message: WakeMessage = { fieldhubJob: id, unseen };
    await this.kv.enqueue(message, { delay: Math.min(Math.max(0, delayMs), MAX_DELAY_MS) });
  }

  attach(worker: Worker): void {
    this.#worker = worker;
    this.#listening ??= this.kv.listenQueue(async (msg) => {
      if (!isWake(msg)) return;
      try {
        await this.#deliver(msg);
      } catch (err) {
        // The sweeper finds the job anyway; a throw would only make KV redeliver noisily.
        this.logger.warn("job wake-up failed", { job_id: msg.fieldhubJob, error: err });
      }
    });
  }

  async #deliver(msg: WakeMessage): Promise<void> {
    const worker = this.#worker;
    if (!worker) return; // draining: the row stays due and the next worker's sweep takes it
    if (await worker.claimOne(msg.fieldhubJob)) return;
    const row = await getJob(this.db, msg.fieldhubJob);
    if (!row) {
      const wait = UNSEEN_RETRY_MS[msg.unseen];
      if (wait !== undefined) await this.wake(msg.fieldhubJob, wait, msg.unseen + 1);
      return;
    }
    if (row.status !== "queued" && row.status !== "failed") return; // taken, finished or dead
    const early = row.run_at.getTime() - Date.now();
    if (early > 0) return await this.wake(row.id, early); // scheduled: come back on time
    // Due but not claimed: its transaction committed just after the claim was tried.
    if (msg.unseen < UNSEEN_RETRY_MS.length) await this.wake(row.id, 50, msg.unseen + 1);
  }

  detach(): void {
    this.#worker = undefined;
  }

  async check(): Promise<void> {
    await this.kv.get(["fieldhub", "jobs", "ping"]);
  }

  /** Closes the KV handle, then waits for the listener to end (what Deno's sanitizers need). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#worker = undefined;
    this.kv.close();
    await this.#listening;
  }
}
