/**
 * The Bitrix24 client of the call-texts pipeline: REST calls through an inbound webhook
 * (`<portal>/rest/<user_id>/<token>/<method>.json`), the call history of a period
 * (`voximplant.statistic.get` filtered by `>=CALL_START_DATE` / `<=CALL_START_DATE`, pages of
 * 50 by `start`), and recordings (`CALL_RECORD_URL`, or `RECORD_FILE_ID` → `disk.file.get` →
 * `DOWNLOAD_URL`). Every request to the portal — REST or file — first takes a slot of the
 * shared {@link SharedRateLimiter}; `QUERY_LIMIT_EXCEEDED`, 429, 5xx, timeouts and network
 * errors are retried with exponential backoff from B24_BACKOFF_SECONDS (5, 10, 20, 40 s by
 * default), and a rate-limit answer also pauses every other worker of the portal.
 *
 * The webhook URL holds the secret token, so no URL is ever logged: lines name the method.
 *
 * @module
 */
import type { Config } from "../../config.ts";
import type { Db } from "../../db/database.ts";
import type { Logger } from "../../platform/logger.ts";
import { Bitrix24Error, errorFromBody, QUERY_LIMIT_EXCEEDED } from "./errors.ts";
import { SharedRateLimiter, sleep } from "./rate_limit.ts";
import type { B24Envelope, DiskFile, VoxStatisticRow } from "./types.ts";

/** Settings of a {@link Bitrix24Client}. */
export interface Bitrix24Settings {
  /** Portal root, with or without `/rest`. */
  baseUrl: string;
  userId: string;
  token: string;
  /** First backoff; doubles on each further try. */
  backoffMs: number;
  /** Tries per request, the first included. */
  maxAttempts: number;
  /** Per-try timeout (REQUEST_TIMEOUT_S). */
  timeoutMs: number;
  /** The shared budget; every request takes a slot of it. */
  limiter: Pick<SharedRateLimiter, "acquire" | "pause">;
  logger?: Logger;
  /** How backoff waits (tests record the waits). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A downloaded recording. */
export interface Recording {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/** Where a call's recording is, as resolved by {@link Bitrix24Client.recordingSource}. */
export interface RecordingSource {
  /** The URL to download (for a disk file it carries a token: never store or log it). */
  downloadUrl: string;
  /** A link for people (CALL_RECORD_URL or the disk file's page), safe to store. */
  publicUrl: string | null;
  fileName: string | null;
}

/** `…/rest/<user>/<token>/` for a portal given with or without `/rest`. */
export function webhookBase(baseUrl: string, userId: string, token: string): string {
  const root = baseUrl.replace(/\/+$/, "").replace(/\/rest$/, "");
  return `${root}/rest/${encodeURIComponent(userId)}/${encodeURIComponent(token)}/`;
}

/** Why a try failed, before deciding whether to try again. */
function failure(method: string, err: unknown, timedOut: boolean, attempts: number) {
  if (err instanceof Bitrix24Error) return err;
  if (timedOut) {
    return new Bitrix24Error(method, "timeout", "no answer in time", { attempts, cause: err });
  }
  return new Bitrix24Error(method, "network", (err as Error)?.message ?? String(err), {
    attempts,
    cause: err,
  });
}

/** A Bitrix24 portal reached through an inbound webhook. */
export class Bitrix24Client {
  readonly #base: string;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly s: Bitrix24Settings) {
    this.#base = webhookBase(s.baseUrl, s.userId, s.token);
    this.#sleep = s.sleep ?? sleep;
  }

  /**
   * Runs `attempt` with the rate limit, timeout and backoff every portal request gets.
   *
   * @throws {Bitrix24Error} the last failure, or at once a failure retrying cannot fix
   */
  async #withRetries<T>(
    method: string,
    signal: AbortSignal | undefined,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    for (let n = 1;; n++) {
      signal?.throwIfAborted();
      await this.s.limiter.acquire(signal);
      const timeout = AbortSignal.timeout(this.s.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        return await attempt(combined);
      } catch (err) {
        signal?.throwIfAborted();
        const error = failure(method, err, timeout.aborted, n);
        if (!error.transient || n >= this.s.maxAttempts) {
          throw new Bitrix24Error(method, error.code, error.message, {
            status: error.status,
            attempts: n,
            cause: error.cause ?? err,
          });
        }
        const wait = this.s.backoffMs * 2 ** (n - 1);
        this.s.logger?.warn("bitrix24 request failed; backing off", {
          b24_method: method,
          code: error.code,
          status: error.status,
          attempt: n,
          wait_ms: wait,
        });
        // The portal's budget is shared: everyone waits, not only this worker.
        if (error.code === QUERY_LIMIT_EXCEEDED) await this.s.limiter.pause(wait);
        await this.#sleep(wait, signal);
      }
    }
  }

  /**
   * Calls a REST method with JSON parameters.
   *
   * @throws {Bitrix24Error} with the portal's code (`QUERY_LIMIT_EXCEEDED` after the last try)
   * @example
   * ```ts
   * const page = await b24.call<VoxStatisticRow[]>("voximplant.statistic.get", { start: 0 });
   * ```
   */
  call<T>(
    method: string,
    params: Record<string, unknown> = {},
    options: { signal?: AbortSignal } = {},
  ): Promise<B24Envelope<T>> {
    return this.#withRetries(method, options.signal, async (signal) => {
      const res = await fetch(`${this.#base}${method}.json`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(params),
        signal,
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        throw new Bitrix24Error(method, res.ok ? "bad_response" : `http_${res.status}`, "", {
          status: res.status,
        });
      }
      const b = body as Record<string, unknown> | null;
      if (!res.ok || (b && typeof b.error === "string")) {
        throw errorFromBody(method, res.status, body, 1);
      }
      if (!b || !("result" in b)) {
        throw new Bitrix24Error(method, "bad_response", "no result in the answer", {
          status: res.status,
        });
      }
      return b as unknown as B24Envelope<T>;
    });
  }

  /**
   * The calls that started within [from, to] (both inclusive), oldest first, one page (≤ 50
   * rows) at a time, following `next` until the last page.
   *
   * @param from ISO 8601 with an offset, as the portal compares it
   */
  async *listCalls(
    range: { from: string; to: string },
    options: { signal?: AbortSignal } = {},
  ): AsyncGenerator<{ rows: VoxStatisticRow[]; total: number | undefined }> {
    let start: number | undefined = 0;
    while (start !== undefined) {
      const page: B24Envelope<VoxStatisticRow[]> = await this.call<VoxStatisticRow[]>(
        "voximplant.statistic.get",
        {
          FILTER: { ">=CALL_START_DATE": range.from, "<=CALL_START_DATE": range.to },
          SORT: "CALL_START_DATE",
          ORDER: "ASC",
          start,
        },
        options,
      );
      const rows = Array.isArray(page.result) ? page.result : [];
      yield { rows, total: page.total };
      start = typeof page.next === "number" && page.next > start && rows.length
        ? page.next
        : undefined;
    }
  }

  /** `disk.file.get`: the recording file behind a RECORD_FILE_ID. */
  async diskFile(id: string, options: { signal?: AbortSignal } = {}): Promise<DiskFile> {
    const answer = await this.call<DiskFile>("disk.file.get", { id }, options);
    return answer.result;
  }

  /**
   * Where to download a call's recording: its CALL_RECORD_URL when the portal gave one,
   * otherwise the DOWNLOAD_URL of its RECORD_FILE_ID (one more request).
   *
   * @returns null when the call has no recording
   */
  async recordingSource(
    call: { recordUrl: string | null; recordFileId: string | null },
    options: { signal?: AbortSignal } = {},
  ): Promise<RecordingSource | null> {
    if (call.recordUrl) {
      return { downloadUrl: call.recordUrl, publicUrl: call.recordUrl, fileName: null };
    }
    if (!call.recordFileId) return null;
    const file = await this.diskFile(call.recordFileId, options);
    return {
      downloadUrl: file.DOWNLOAD_URL,
      publicUrl: file.DETAIL_URL ?? null,
      fileName: file.NAME ?? null,
    };
  }

  /**
   * Downloads a recording (same rate limit and retries as REST calls).
   *
   * @throws {Bitrix24Error} `http_404` / `http_403` at once (`missing` is true) — the file
   *   is gone, trying again will not bring it back
   */
  download(url: string, options: { signal?: AbortSignal } = {}): Promise<Recording> {
    return this.#withRetries("download", options.signal, async (signal) => {
      const res = await fetch(url, { signal });
      if (!res.ok) {
        await res.body?.cancel();
        throw new Bitrix24Error("download", `http_${res.status}`, "", { status: res.status });
      }
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { bytes, contentType: res.headers.get("content-type") ?? "application/octet-stream" };
    });
  }
}

/** True when Bitrix24 is configured (a portal and a webhook token). */
export function bitrix24Configured(config: Pick<Config, "calls">): boolean {
  const b = config.calls.bitrix24;
  return !!b.baseUrl && !!b.token;
}

/**
 * The client of `config`, its requests paced by the budget shared through `db`.
 *
 * @throws {Error} when B24_BASE_URL or B24_WEBHOOK_TOKEN is not set
 */
export function createBitrix24Client(
  deps: { config: Pick<Config, "calls" | "requestTimeoutMs">; db: Db; logger?: Logger },
): Bitrix24Client {
  const b = deps.config.calls.bitrix24;
  if (!b.baseUrl || !b.token) {
    throw new Error("Bitrix24 is not configured: set B24_BASE_URL and B24_WEBHOOK_TOKEN");
  }
  const limiter = new SharedRateLimiter(deps.db, `b24:${new URL(b.baseUrl).host}:${b.userId}`, {
    rps: b.rateLimitRps,
    burst: b.rateLimitBurst,
  });
  return new Bitrix24Client({
    baseUrl: b.baseUrl,
    userId: b.userId,
    token: b.token,
    backoffMs: b.backoffMs,
    maxAttempts: b.maxAttempts,
    timeoutMs: deps.config.requestTimeoutMs,
    limiter,
    logger: deps.logger,
  });
}
