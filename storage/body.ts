/**
 * Bodies on their way into storage: any accepted {@link StorageBody} as bytes or a byte
 * stream, the checks every adapter's `put` makes before it reads one, and the guard that
 * holds a stream to its declared length.
 *
 * @module
 */
import { AppError } from "../platform/errors.ts";
import { checkContentType, type PutOptions, type StorageBody } from "./storage.ts";

/** A body as bytes (small bodies) or as a byte stream. */
export type NormalizedBody = { bytes: Uint8Array } | { stream: ReadableStream<Uint8Array> };

/** Turns any {@link StorageBody} into bytes or a `ReadableStream<Uint8Array>`. */
export function normalizeBody(body: StorageBody): NormalizedBody {
  if (typeof body === "string") return { bytes: new TextEncoder().encode(body) };
  if (body instanceof Uint8Array) return { bytes: body };
  if (body instanceof ReadableStream) return { stream: body };
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const encoder = new TextEncoder();
    const source = body as AsyncIterable<Uint8Array | string>;
    return {
      stream: ReadableStream.from((async function* () {
        for await (const chunk of source) {
          yield typeof chunk === "string" ? encoder.encode(chunk) : chunk;
        }
      })()),
    };
  }
  throw new TypeError(
    "Storage body must be a string, Uint8Array, ReadableStream or async iterable",
  );
}

/** Cancels a streamed body so its source (a file, a socket) is released; bytes need nothing. */
export async function discardBody(input: NormalizedBody): Promise<void> {
  if ("stream" in input) await input.stream.cancel().catch(() => {});
}

/**
 * Takes a `put`'s body once `checkTarget` (the adapter's check of the key, returning where the
 * object goes) and the content type, if one is given, pass. A refused put discards the body,
 * so a stream's source is not left open behind the error.
 *
 * @example
 * ```ts
 * const { input, target: path } = await acceptPutBody(body, options, () => this.#path(key));
 * ```
 */
export async function acceptPutBody<T>(
  body: StorageBody,
  options: PutOptions,
  checkTarget: () => T,
): Promise<{ input: NormalizedBody; target: T }> {
  const input = normalizeBody(body);
  try {
    const target = checkTarget();
    if (options.contentType !== undefined) checkContentType(options.contentType);
    return { input, target };
  } catch (err) {
    await discardBody(input);
    throw err;
  }
}

/** A length-checking pass-through; `failure` holds the error it raised, if any. */
export type LengthGuard = TransformStream<Uint8Array, Uint8Array> & { failure?: AppError };

/**
 * A pass-through that fails the stream when it carries other than `expected` bytes, so a
 * short or long body aborts the write instead of storing a wrong object. HTTP clients (the
 * S3 SDK) may wrap the stream error in their own, so the guard also keeps it in `failure`.
 */
export function exactLength(expected: number): LengthGuard {
  let seen = 0;
  const fail = (controller: TransformStreamDefaultController<Uint8Array>, got: number) => {
    guard.failure = bodyLengthError(expected, got);
    controller.error(guard.failure);
  };
  const guard: LengthGuard = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > expected) return fail(controller, seen);
      controller.enqueue(chunk);
    },
    flush(controller) {
      if (seen !== expected) fail(controller, seen);
    },
  });
  return guard;
}

/** A body of other than the declared length: 413 when longer, 400 when shorter. */
export function bodyLengthError(expected: number, got: number): AppError {
  const longer = got > expected;
  return new AppError(
    longer ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST",
    longer
      ? `Body is over the ${expected} bytes declared`
      : `Body is ${got} bytes; ${expected} were declared`,
    { title: longer ? "Body over the declared size" : "Body shorter than declared" },
  );
}
