/**
 * The simulator pattern: a real HTTP server on 127.0.0.1 (a free port) serving an
 * integration's Hono app, which speaks the third party's documented wire format. Around that
 * app the harness records every request, applies queued faults (status, Retry-After, delay),
 * an optional rate limit and a body size limit, and serves the `/__sim/` control endpoints.
 * Error bodies come from the integration (`renderError`), so a fault looks exactly like the
 * third party's own error to the client under test.
 *
 * @module
 */
import type { Hono } from "hono";
import { controlApp } from "./control.ts";
import {
  type Fault,
  type FaultInput,
  FaultQueue,
  type RateLimitInput,
  RateLimitWindow,
} from "./faults.ts";
import {
  type BodySummary,
  type HarnessReason,
  type RecordedRequest,
  type RequestFilter,
  RequestLog,
  summarizeBody,
} from "./record.ts";

/** Why the harness answers with an error, passed to the integration's renderer. */
export interface ErrorDetail {
  reason: HarnessReason;
  /** The fault's message, if it set one. */
  message?: string;
  /** The fault's error code, if it set one. */
  code?: string;
  /** Body bytes received (size limit). */
  bytesRead?: number;
  /** The size limit, or the rate limit's request count. */
  limit?: number;
  /** Rate limit: how long until a request would be accepted. */
  retryAfterMs?: number;
}

/** Renders an error response in the third party's format. */
export type ErrorRenderer = (status: number, detail: ErrorDetail) => Response;

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Short name used in logs and `GET /__sim` (`openai`, `bitrix24`). */
  name: string;
  /** The integration's routes. */
  // deno-lint-ignore no-explicit-any
  app: Hono<any, any, any>;
  renderError: ErrorRenderer;
  /** Requests with a larger body get 413 (the whole body is still read, as a proxy would). */
  maxBodyBytes?: number;
  /** How many requests to remember (the oldest are dropped). */
  keepRequests?: number;
  /** Fixed port; a free one when absent. */
  port?: number;
  /** A rate limit from the start. */
  rateLimit?: RateLimitInput;
  /** Adds integration-specific control routes under `/__sim/`. */
  control?: (app: Hono) => void;
  /** Called with each finished request (dev mode logs them). */
  onRequest?: (request: RecordedRequest) => void;
}

/** A running simulator. `await using sim = await startX()` stops it at scope exit. */
export interface Simulator extends AsyncDisposable {
  readonly name: string;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Recorded requests, oldest first (control requests are not recorded). */
  requests(filter?: RequestFilter): RecordedRequest[];
  /** How many recorded requests match. */
  count(filter?: RequestFilter): number;
  clearRequests(): void;
  /**
   * Queues a fault for the next matching request(s).
   *
   * @throws {z.ZodError} naming the bad field
   */
  failNext(fault: FaultInput): Fault;
  faults(): Fault[];
  clearFaults(): void;
  /** Sets (or with `null` lifts) the rate limit; counting starts afresh. */
  setRateLimit(limit: RateLimitInput | null): void;
  rateLimit(): { limit: number; windowMs: number } | null;
  /** Forgets requests, faults and the rate limit. */
  reset(): void;
  /** Stops the server; requests held by a delay fault are released. Safe to call twice. */
  stop(): Promise<void>;
}

async function readBody(
  req: Request,
  limit: number,
): Promise<{ bytes?: Uint8Array<ArrayBuffer>; total: number }> {
  if (!req.body) return { bytes: new Uint8Array(0), total: 0 };
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of req.body) {
    total += chunk.length;
    if (total <= limit) chunks.push(chunk);
  }
  if (total > limit) return { total };
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, total };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  return query;
}

function withHeader(res: Response, name: string, value: string): Response {
  const headers = new Headers(res.headers);
  headers.set(name, value);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/**
 * Starts a simulator and resolves once it listens.
 *
 * @example
 * ```ts
 * const app = new Hono().get("/v1/ping", (c) => c.json({ ok: true }));
 * const sim = await startSimulator({
 *   name: "example",
 *   app,
 *   renderError: (status, d) => Response.json({ error: d.message ?? d.reason }, { status }),
 * });
 * sim.failNext({ status: 503, times: 2, retryAfterS: 1 });
 * await fetch(`${sim.url}/v1/ping`); // 503, Retry-After: 1
 * await sim.stop();
 * ```
 */
export function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const log = new RequestLog(options.keepRequests);
  const faultQueue = new FaultQueue();
  let limiter = options.rateLimit ? new RateLimitWindow(options.rateLimit) : null;
  const maxBody = options.maxBodyBytes ?? Number.MAX_SAFE_INTEGER;
  const stopping = new AbortController();
  let stopped: Promise<void> | undefined;

  async function answer(
    req: Request,
    path: string,
    body: { bytes?: Uint8Array<ArrayBuffer>; total: number },
    record: RecordedRequest,
  ): Promise<Response> {
    if (!body.bytes) {
      record.harness = "too_large";
      return options.renderError(413, {
        reason: "too_large",
        bytesRead: body.total,
        limit: maxBody,
      });
    }
    const fault = faultQueue.take(req.method, path);
    if (fault?.delayMs) await sleep(fault.delayMs, stopping.signal);
    if (fault?.status) {
      record.harness = "fault";
      const res = options.renderError(fault.status, {
        reason: "fault",
        message: fault.message,
        code: fault.code,
      });
      return fault.retryAfterS === undefined
        ? res
        : withHeader(res, "retry-after", String(fault.retryAfterS));
    }
    const verdict = limiter?.hit();
    if (verdict && !verdict.ok) {
      record.harness = "rate_limit";
      const res = options.renderError(429, {
        reason: "rate_limit",
        retryAfterMs: verdict.retryAfterMs,
        limit: limiter!.limit,
      });
      return withHeader(
        res,
        "retry-after",
        String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))),
      );
    }
    const hasBody = body.bytes.length > 0 && req.method !== "GET" && req.method !== "HEAD";
    return await options.app.fetch(
      new Request(req.url, {
        method: req.method,
        headers: req.headers,
        body: hasBody ? body.bytes : undefined,
      }),
    );
  }

  let sim: Simulator;
  let control: Hono;
  async function handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/")) return control.fetch(req);
    const started = performance.now();
    const body = await readBody(req, maxBody);
    const summary: BodySummary = body.bytes
      ? await summarizeBody(body.bytes, req.headers.get("content-type"))
      : { kind: "discarded", bytes: body.total };
    const record = log.add({
      at: new Date().toISOString(),
      method: req.method,
      path: url.pathname,
      query: queryOf(url),
      headers: Object.fromEntries(req.headers),
      body: summary,
    });
    const res = await answer(req, url.pathname, body, record);
    record.status = res.status;
    record.durationMs = Math.round(performance.now() - started);
    options.onRequest?.(structuredClone(record));
    return res;
  }

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: options.port ?? 0,
      onListen: ({ port }) => {
        const url = `http://127.0.0.1:${port}`;
        sim = {
          name: options.name,
          url,
          requests: (filter) => log.list(filter),
          count: (filter) => log.list(filter).length,
          clearRequests: () => log.clear(),
          failNext: (fault) => faultQueue.add(fault),
          faults: () => faultQueue.list(),
          clearFaults: () => faultQueue.clear(),
          setRateLimit: (limit) => {
            limiter = limit ? new RateLimitWindow(limit) : null;
          },
          rateLimit: () => limiter && { limit: limiter.limit, windowMs: limiter.windowMs },
          reset: () => {
            log.clear();
            faultQueue.clear();
            limiter = null;
          },
          stop: () => {
            stopping.abort();
            stopped ??= server.shutdown();
            return stopped;
          },
          [Symbol.asyncDispose]: () => sim.stop(),
        };
        control = controlApp(sim, options.control);
        resolve(sim);
      },
    }, handle);
  });
}
