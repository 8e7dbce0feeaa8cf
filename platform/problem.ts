/**
 * RFC 9457 problem+json rendering of {@link AppError}s, and the app-wide error handlers.
 *
 * @module
 */
import type { Context } from "hono";
import { AppError } from "./errors.ts";
import type { Logger } from "./logger.ts";

/** The body of every REST error. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  request_id?: string;
  errors?: { field: string; message: string; in?: string }[];
  [extra: string]: unknown;
}

/** Builds the problem body of `err`. */
export function problemBody(err: AppError, requestId?: string, instance?: string): ProblemBody {
  return {
    ...err.extra,
    type: err.type,
    title: err.title,
    status: err.status,
    code: err.code,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(requestId ? { request_id: requestId } : {}),
    ...(err.fields.length ? { errors: err.fields } : {}),
  };
}

/** A problem+json response for `err`, with its extra headers. */
export function problemResponse(err: AppError, requestId?: string, instance?: string): Response {
  const headers = new Headers({ "Content-Type": "application/problem+json", ...err.headers });
  if (requestId) headers.set("X-Request-Id", requestId);
  return new Response(JSON.stringify(problemBody(err, requestId, instance)), {
    status: err.status,
    headers,
  });
}

/** Turns anything thrown into an AppError; unknown errors become an opaque 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Error && "status" in err && typeof err.status === "number") {
    // hono's HTTPException (e.g. from a body-size limit)
    const status = err.status;
    if (status === 413) {
      return new AppError("PAYLOAD_TOO_LARGE", err.message || "Payload too large");
    }
    if (status === 400) return new AppError("BAD_REQUEST", err.message || "Bad request");
  }
  return new AppError("INTERNAL_SERVER_ERROR", "Internal server error", { cause: err });
}

/** `app.onError`: one place that renders every REST error. 5xx are logged with the cause. */
export function onError(logger: Logger) {
  return (err: Error, c: Context): Response => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error("unhandled error", { error: appError.cause ?? err, path: c.req.path });
    }
    const url = new URL(c.req.url);
    return problemResponse(appError, c.get("requestId" as never), url.pathname);
  };
}

/** `app.notFound`: 404 as problem+json. */
export function onNotFound(c: Context): Response {
  return problemResponse(
    new AppError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`),
    c.get("requestId" as never),
    c.req.path,
  );
}
