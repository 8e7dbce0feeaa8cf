/**
 * Object keys: one rule set for every adapter, so a key that works on a developer's disk also
 * works on S3, and no key (built from a caller's id, a file name, a period) can leave the
 * local root. Seed 000: "a traversal id stays inside the root".
 *
 * A key is `/`-separated segments such as `exports/2024-05/transcripts/call_42.txt`:
 * - 1..1024 bytes of UTF-8 (S3's limit);
 * - no leading `/`, no empty segment (`a//b`), no trailing `/`;
 * - no `.` or `..` segment, no backslash, no control character (U+0000–U+001F, U+007F);
 * - its first segment does not start with `.` (the local adapter keeps its working files
 *   under `.tmp/` and `.meta/`).
 *
 * @module
 */
import { AppError } from "../platform/errors.ts";

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function keyProblem(key: string, allowPrefix: boolean): string | undefined {
  if (key.length === 0) return allowPrefix ? undefined : "must not be empty";
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) {
    return `must be at most ${MAX_KEY_BYTES} bytes of UTF-8`;
  }
  if (CONTROL.test(key)) return "must not contain control characters";
  if (key.includes("\\")) return "must not contain backslashes";
  if (key.startsWith("/")) return "must not start with /";
  const segments = key.split("/");
  // A prefix may end with "/" (`raw/2024/`); its last, empty segment is the open end.
  if (allowPrefix && segments.at(-1) === "") segments.pop();
  for (const s of segments) {
    if (s === "") {
      return allowPrefix
        ? "must not contain empty segments (//)"
        : "must not contain empty segments (// or a trailing /)";
    }
    if (s === "." || s === "..") return `must not contain "${s}" segments`;
  }
  if (segments[0]?.startsWith(".")) return "must not start with a dot (reserved)";
  return undefined;
}

function invalid(what: "key" | "prefix", value: string, problem: string): AppError {
  const shown = JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value);
  return new AppError("UNPROCESSABLE_CONTENT", `Invalid storage ${what} ${shown}: ${problem}`, {
    title: `Invalid storage ${what}`,
    fields: [{ field: what, message: problem }],
  });
}

/**
 * Returns `key` if it is a valid object key.
 *
 * @throws {AppError} UNPROCESSABLE_CONTENT naming the field `key` and the broken rule
 * @example
 * ```ts
 * checkKey("raw/2024/05/01/call_42.wav"); // ok
 * checkKey("../etc/passwd"); // throws: must not contain ".." segments
 * ```
 */
export function checkKey(key: string): string {
  if (typeof key !== "string") throw invalid("key", String(key), "must be a string");
  const problem = keyProblem(key, false);
  if (problem) throw invalid("key", key, problem);
  return key;
}

/**
 * Returns `prefix` if it is a valid list prefix: empty, a key, or a key ending with `/`.
 * Like S3, a prefix is a plain string prefix: `raw/2024/0` matches `raw/2024/05/x.wav`.
 *
 * @throws {AppError} UNPROCESSABLE_CONTENT naming the field `prefix`
 */
export function checkPrefix(prefix: string): string {
  if (typeof prefix !== "string") throw invalid("prefix", String(prefix), "must be a string");
  const problem = keyProblem(prefix, true);
  if (problem) throw invalid("prefix", prefix, problem);
  return prefix;
}
