/**
 * OpenAI's error wire format, `{"error": {"message", "type", "param", "code"}}`, with the
 * messages the real API sends for the failures fieldhub must handle (texts as reported by
 * users of the API in public issue threads). The `openai` client turns these into
 * `BadRequestError`, `AuthenticationError`, `RateLimitError`... by status.
 *
 * @module
 */
import type { ErrorDetail } from "../harness/simulator.ts";

/** The `error` object of an OpenAI error response. */
export interface OpenAIErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** A unique-looking request id, as OpenAI sends in `x-request-id`. */
export function requestId(): string {
  return "req_" + crypto.randomUUID().replaceAll("-", "");
}

/** An error response in OpenAI's format. */
export function openaiError(
  status: number,
  message: string,
  extra: Partial<Omit<OpenAIErrorObject, "message">> = {},
): Response {
  const error: OpenAIErrorObject = {
    message,
    type: extra.type ?? (status >= 500 ? "server_error" : "invalid_request_error"),
    param: extra.param ?? null,
    code: extra.code ?? null,
  };
  return Response.json({ error }, { status, headers: { "x-request-id": requestId() } });
}

/** The API's 25 MiB request limit (Whisper uploads). */
export const MAX_CONTENT_BYTES = 26_214_400;

const DEFAULTS: Record<number, [string, Partial<OpenAIErrorObject>]> = {
  400: ["The request was invalid.", {}],
  401: ["Incorrect API key provided.", { code: "invalid_api_key" }],
  403: ["Country, region, or territory not supported", {
    type: "request_forbidden",
    code: "unsupported_country_region_territory",
  }],
  404: ["The model does not exist or you do not have access to it.", { code: "model_not_found" }],
  408: ["Request timed out.", { type: "server_error" }],
  429: ["Rate limit reached for requests", { type: "requests", code: "rate_limit_exceeded" }],
  500: ["The server had an error while processing your request. Sorry about that!", {}],
  502: ["Bad gateway.", { code: "bad_gateway" }],
  503: ["The engine is currently overloaded, please try again later.", {}],
};

/**
 * The harness's error renderer for the OpenAI simulator: injected faults, the rate limit and
 * the size limit answer like the API would.
 */
export function renderOpenAIError(status: number, detail: ErrorDetail): Response {
  if (detail.reason === "too_large") {
    return openaiError(
      413,
      `Maximum content size limit (${detail.limit}) exceeded (${detail.bytesRead} bytes read)`,
      { type: "server_error" },
    );
  }
  if (detail.reason === "rate_limit") {
    const wait = ((detail.retryAfterMs ?? 0) / 1000).toFixed(3);
    return openaiError(
      429,
      `Rate limit reached for requests in organization org-simulator on requests per min ` +
        `(RPM): Limit ${detail.limit}, Used ${detail.limit}, Requested 1. Please try again in ` +
        `${wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
      { type: "requests", code: "rate_limit_exceeded" },
    );
  }
  const [message, extra] = DEFAULTS[status] ?? [`Simulated error (HTTP ${status}).`, {}];
  return openaiError(status, detail.message ?? message, {
    ...extra,
    code: detail.code ?? extra.code,
  });
}
