/**
 * When a failed job runs again: exponential backoff from a per-type base, capped, with jitter
 * so that jobs failing together (a target system down) do not all retry in the same instant.
 *
 * @module
 */

/** Retry settings of a job type. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** Default policy: 1 s, 2 s, 4 s, … up to 1 h (before jitter). */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 3_600_000 };

/**
 * Delay before try `attempt + 1` after try `attempt` failed: half of the exponential step is
 * fixed and half random ("equal jitter"), so retries spread out but never come too soon.
 *
 * @example
 * ```ts
 * backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }); // between 2000 and 4000
 * ```
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Thrown by a handler for a failure that retrying cannot fix (a target answered 4xx, a record
 * is gone): the job goes dead at once instead of using up its tries.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/** The text stored as `last_error`: name and message, bounded in size. */
export function errorText(err: unknown): string {
  const text = err instanceof Error
    ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}`
    : String(err);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
