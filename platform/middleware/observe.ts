/**
 * The outermost middleware: request id, log context, timing, one access-log line and the
 * Prometheus observation per request.
 *
 * - `X-Request-Id`: a caller's id (≤ 128 safe characters) is kept, otherwise a UUID is made;
 *   it is echoed on the response, put in every log line (through the log context) and in
 *   every problem body.
 * - `Server-Timing: app;dur=<ms>`.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "../http_env.ts";
import { type Logger, withLogContext } from "../logger.ts";
import type { HttpMetrics } from "../metrics.ts";
import { maskText } from "../pii.ts";

const SAFE_ID = /^[A-Za-z0-9._:@-]{1,128}$/;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

/** Keeps a well-formed caller id, else makes a UUID. */
export function requestIdFrom(header: string | undefined): string {
  return header && SAFE_ID.test(header) ? header : crypto.randomUUID();
}

/** Options of {@link observe}. */
export interface ObserveOptions {
  logger: Logger;
  metrics: HttpMetrics;
  maskPii: boolean;
  /** Paths not worth an access-log line (health probes, metrics scrapes). */
  quietPaths?: string[];
}

/** Builds the middleware. */
export function observe(options: ObserveOptions): MiddlewareHandler<AppEnv> {
  const quiet = new Set(options.quietPaths ?? []);
  return async (c, next) => {
    const started = performance.now();
    const requestId = requestIdFrom(c.req.header("x-request-id"));
    c.set("requestId", requestId);
    await withLogContext({ request_id: requestId }, async () => {
      await next();
      const ms = performance.now() - started;
      const status = c.res.status;
      const route = c.get("route") ?? (status === 404 ? "unmatched" : routePath(c, -1));
      c.res.headers.set("X-Request-Id", requestId);
      c.res.headers.append("Server-Timing", `app;dur=${ms.toFixed(1)}`);
      options.metrics.observe(c.req.method, route, status, ms / 1000);
      if (quiet.has(c.req.path) && status < 400) return;
      const url = new URL(c.req.url);
      // A local presigned link's token is a credential: keep it out of the logs.
      const path = url.pathname.replace(/^(\/storage\/local\/)[^/]+/, "$1[TOKEN]") + url.search;
      const fields = {
        method: c.req.method,
        // Decoded first, or `%2B7912...` would slip past the phone pattern.
        path: options.maskPii ? maskText(safeDecode(path)) : path,
        route,
        status,
        duration_ms: Math.round(ms * 10) / 10,
        user_id: c.get("actor")?.userId ?? undefined,
        ip: c.get("actor")?.ip,
      };
      if (status >= 500) options.logger.error("request", fields);
      else options.logger.info("request", fields);
    });
  };
}
