/**
 * The 1C client: posts fieldhub's documents to 1C's published HTTP service with Basic auth and
 * the document key as `Idempotency-Key`, and reads back the document's Ref_Key and Number. One
 * call makes one attempt; retries with backoff are the outbox's job, which is safe because 1C
 * deduplicates by the key. Errors say whether a retry can help (`retryable`).
 *
 * @module
 */
import {
  type DocumentKind,
  errorBody,
  type OneCDocument,
  type PostedDocument,
  postedDocument,
} from "./documents.ts";

/** Where and as whom to reach 1C. */
export interface OneCClientOptions {
  /** Root of the HTTP service (ONEC_BASE_URL), without a trailing slash. */
  baseUrl: string;
  user: string;
  password: string;
  /** Per-request timeout (REQUEST_TIMEOUT_S). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A failed exchange call. */
export class OneCError extends Error {
  /** HTTP status, when 1C answered. */
  readonly status?: number;
  /** 1C's error code (`key_conflict`, `invalid_document`, ...). */
  readonly code?: string;
  /** True for outages (network, timeout, 5xx, 429): a later retry can succeed. */
  readonly retryable: boolean;
  constructor(
    message: string,
    options: { status?: number; code?: string; retryable: boolean; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = "OneCError";
    this.status = options.status;
    this.code = options.code;
    this.retryable = options.retryable;
  }
}

/** A 1C client. */
export interface OneCClient {
  /** Creates the document (or finds the one already created under its key). */
  postDocument(doc: OneCDocument): Promise<PostedDocument>;
  /** Looks a document up by its key; undefined when 1C has none. */
  getDocument(kind: DocumentKind, key: string): Promise<PostedDocument | undefined>;
}

/** `Basic base64(utf8(user:password))`, the encoding 1C's web server expects. */
export function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/**
 * Creates a client.
 *
 * @example
 * ```ts
 * const onec = createOneCClient({ baseUrl: config.onec.baseUrl!, user: "обмен", password });
 * const { Ref_Key, Number } = await onec.postDocument(doc);
 * ```
 */
export function createOneCClient(options: OneCClientOptions): OneCClient {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const auth = basicAuth(options.user, options.password);

  async function call(
    method: string,
    path: string,
    key?: string,
    body?: unknown,
  ): Promise<Response> {
    try {
      return await doFetch(`${options.baseUrl}${path}`, {
        method,
        headers: {
          authorization: auth,
          accept: "application/json",
          ...(body !== undefined ? { "content-type": "application/json; charset=utf-8" } : {}),
          ...(key ? { "idempotency-key": key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error)?.name === "TimeoutError";
      throw new OneCError(
        timedOut
          ? `1C did not answer within ${timeoutMs} ms`
          : `1C is unreachable: ${(err as Error).message}`,
        {
          retryable: true,
          cause: err,
        },
      );
    }
  }

  async function failure(res: Response): Promise<OneCError> {
    const text = await res.text();
    let code: string | undefined;
    let message = text.slice(0, 300);
    try {
      const parsed = errorBody.safeParse(JSON.parse(text));
      if (parsed.success) {
        code = parsed.data.error.code;
        message = parsed.data.error.message +
          (parsed.data.error.field ? ` (${parsed.data.error.field})` : "");
      }
    } catch { /* not JSON: keep the text */ }
    const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
    return new OneCError(`1C answered ${res.status}: ${message}`, {
      status: res.status,
      code,
      retryable,
    });
  }

  async function parsePosted(res: Response): Promise<PostedDocument> {
    const parsed = postedDocument.safeParse(await res.json().catch(() => null));
    if (!parsed.success) {
      throw new OneCError("1C answered without a document reference", {
        status: res.status,
        retryable: true,
      });
    }
    return parsed.data;
  }

  return {
    async postDocument(doc) {
      const res = await call("POST", `/v1/documents/${doc.kind}`, doc.key, doc);
      if (res.status !== 200 && res.status !== 201) throw await failure(res);
      return await parsePosted(res);
    },
    async getDocument(kind, key) {
      const res = await call("GET", `/v1/documents/${kind}/${encodeURIComponent(key)}`);
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) throw await failure(res);
      return await parsePosted(res);
    },
  };
}
