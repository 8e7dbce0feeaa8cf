/**
 * Reading the `Idempotency-Key` header and fingerprinting a request.
 *
 * @module
 */
import { AppError } from "../errors.ts";
import { sha256Hex } from "../hash.ts";
import { canonicalJson } from "./store.ts";

/** The longest key accepted unless a route says otherwise (Stripe's limit). */
export const MAX_KEY_LENGTH = 255;

function invalidKey(message: string): AppError {
  return new AppError("BAD_REQUEST", message, {
    title: "Invalid Idempotency-Key header",
    fields: [{ field: "Idempotency-Key", message, in: "header" }],
  });
}

/**
 * Parses the header. The draft makes the key an RFC 8941 sf-string (`"abc"`); a bare token is
 * accepted too, as every seed's clients send one.
 *
 * @returns the key, or undefined when absent and not required
 * @throws {AppError} 400 when required and missing, too long, or not printable ASCII
 */
export function readIdempotencyKey(
  header: string | null | undefined,
  options: { required: boolean; maxLength?: number },
): string | undefined {
  const max = options.maxLength ?? MAX_KEY_LENGTH;
  let key = header?.trim() ?? "";
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (!key) {
    if (options.required) throw invalidKey("Idempotency-Key header is required for this operation");
    return undefined;
  }
  if (key.length > max) throw invalidKey(`Idempotency-Key must be at most ${max} characters`);
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw invalidKey("Idempotency-Key must be printable ASCII without spaces");
  }
  return key;
}

/** SHA-256 over the method, concrete path, sorted query and canonical JSON body. */
export function fingerprintRequest(parts: {
  method: string;
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
}): Promise<string> {
  return sha256Hex(
    `${parts.method.toUpperCase()} ${parts.path}\n${canonicalJson(parts.query ?? {})}\n${
      canonicalJson(parts.body ?? null)
    }`,
  );
}
