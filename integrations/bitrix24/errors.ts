/**
 * Bitrix24 REST errors as the client reports them. The portal answers
 * `{"error": "CODE", "error_description": "..."}` with an HTTP status; the codes that matter
 * here are `QUERY_LIMIT_EXCEEDED` (503: the portal's request budget is spent, try later),
 * `NO_AUTH_FOUND` / `INVALID_CREDENTIALS` (401: a wrong webhook), `ERROR_METHOD_NOT_FOUND`
 * (404) and `INTERNAL_SERVER_ERROR` (500).
 *
 * @module
 */

/** The code of the portal's rate-limit answer. */
export const QUERY_LIMIT_EXCEEDED = "QUERY_LIMIT_EXCEEDED";

/** A failed Bitrix24 request. */
export class Bitrix24Error extends Error {
  /** The portal's error code, or `http_<status>`, `timeout`, `network`, `bad_response`. */
  readonly code: string;
  /** HTTP status, when an answer came. */
  readonly status?: number;
  /** The REST method (or `download`) that failed. */
  readonly method: string;
  /** Tries made, the failing one included. */
  readonly attempts: number;

  constructor(
    method: string,
    code: string,
    message: string,
    options: { status?: number; attempts?: number; cause?: unknown } = {},
  ) {
    super(`Bitrix24 ${method}: ${code}${message ? ` — ${message}` : ""}`, {
      cause: options.cause,
    });
    this.name = "Bitrix24Error";
    this.method = method;
    this.code = code;
    this.status = options.status;
    this.attempts = options.attempts ?? 1;
  }

  /** True when trying again later may succeed: rate limit, 5xx, 429, timeouts, network. */
  get transient(): boolean {
    if (this.code === QUERY_LIMIT_EXCEEDED) return true;
    if (this.code === "timeout" || this.code === "network") return true;
    return this.status !== undefined && (this.status === 429 || this.status >= 500);
  }

  /** True when the answer says the thing is not there (a recording deleted or never made). */
  get missing(): boolean {
    if (this.code === "ERROR_NOT_FOUND") return true;
    return this.status === 404 || this.status === 403 || this.status === 410;
  }
}

/** Builds the error of a non-2xx answer (or a 200 carrying `error`) from its body. */
export function errorFromBody(
  method: string,
  status: number,
  body: unknown,
  attempts: number,
): Bitrix24Error {
  const b = body as { error?: unknown; error_description?: unknown } | null;
  const code = typeof b?.error === "string" && b.error ? b.error : `http_${status}`;
  const description = typeof b?.error_description === "string" ? b.error_description : "";
  return new Bitrix24Error(method, code, description, { status, attempts });
}
