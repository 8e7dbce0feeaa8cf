/**
 * The one error model. Domain code throws {@link AppError}; the REST layer renders it as
 * RFC 9457 problem+json and the tRPC layer as a TRPCError with the same code, so a caller
 * sees the same code and the same failing field paths whichever API it uses.
 *
 * @module
 */
import type { z } from "zod";

/** Error codes, named as tRPC names them so both APIs share one vocabulary. */
export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "METHOD_NOT_SUPPORTED"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "UNPROCESSABLE_CONTENT"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR"
  | "NOT_IMPLEMENTED"
  | "BAD_GATEWAY"
  | "SERVICE_UNAVAILABLE"
  | "GATEWAY_TIMEOUT";

/** HTTP status of each {@link ErrorCode}; the same table tRPC uses. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_SUPPORTED: 405,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE_CONTENT: 422,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
};

/** Where a bad value sat in the request. */
export type FieldLocation = "body" | "query" | "path" | "header" | "input";

/** One failing field: `field` is a path such as `items[0].qty`. */
export interface FieldError {
  field: string;
  message: string;
  in?: FieldLocation;
}

/** Options of an {@link AppError}. */
export interface AppErrorOptions {
  /** Short human title; defaults to one derived from the code. */
  title?: string;
  /** Failing fields, rendered as `errors` in problem+json and `data.errors` in tRPC. */
  fields?: FieldError[];
  /** Extra members copied into the problem body (e.g. `server_row` of a 409). */
  extra?: Record<string, unknown>;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** A problem type URI; defaults to `about:blank`. */
  type?: string;
  cause?: unknown;
}

/**
 * A failure a caller can act on.
 *
 * @example
 * ```ts
 * throw new AppError("NOT_FOUND", "Return not found", { title: "Return not found" });
 * ```
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly fields: FieldError[];
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly type: string;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = HTTP_STATUS[code];
    this.title = options.title ?? defaultTitle(code);
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
    this.type = options.type ?? "about:blank";
  }
}

function defaultTitle(code: ErrorCode): string {
  const words = code.toLowerCase().split("_").join(" ");
  return words[0].toUpperCase() + words.slice(1);
}

/**
 * Formats a zod issue path as a field path: `["items", 0, "qty"]` → `items[0].qty`.
 */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns zod issues into {@link FieldError}s, one per issue. */
export function zodFields(error: z.ZodError, location?: FieldLocation): FieldError[] {
  return error.issues.map((issue) => ({
    field: fieldPath(issue.path) || "(root)",
    message: issue.message,
    ...(location ? { in: location } : {}),
  }));
}

/** A 422 naming the failing fields (of a zod error, or a list already built). */
export function validationError(
  error: z.ZodError | FieldError[],
  location?: FieldLocation,
): AppError {
  const fields = Array.isArray(error) ? error : zodFields(error, location);
  return new AppError(
    "UNPROCESSABLE_CONTENT",
    `Invalid ${fields.map((f) => f.field).join(", ")}`,
    { title: "Validation failed", fields, type: "https://fieldhub.dev/errors/validation" },
  );
}
