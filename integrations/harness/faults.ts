/**
 * What a simulator can be told to do wrong: answer the next N requests with a status (with an
 * optional Retry-After), hold them for a while, or enforce a request rate limit. The same
 * shapes are accepted from code and from the `/__sim/` HTTP control endpoints, so both are
 * validated by one zod schema.
 *
 * @module
 */
import { z } from "zod";

/** A fault as given by a test or a developer. */
export const faultInputSchema = z.object({
  /** Status to answer with; without it the fault only delays. */
  status: z.number().int().min(400).max(599).optional(),
  /** How many matching requests it applies to, or `"always"` until cleared. */
  times: z.union([z.number().int().min(1), z.literal("always")]).default(1),
  /** Only requests to this path (or below it) match; all paths when absent. */
  path: z.string().startsWith("/").optional(),
  /** Only requests with this method match. */
  method: z.string().toUpperCase().optional(),
  /** Sent as the `Retry-After` header, in seconds (fractions allowed). */
  retryAfterS: z.number().min(0).max(3600).optional(),
  /** Wait this long before answering (or before passing the request on). */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Error message in the integration's error body; a realistic default otherwise. */
  message: z.string().max(2000).optional(),
  /** Error code in the integration's error body. */
  code: z.string().max(200).optional(),
}).strict().refine((f) => f.status !== undefined || f.delayMs !== undefined, {
  message: "a fault needs a status, a delayMs, or both",
});

/** Input accepted by {@link FaultQueue.add}. */
export type FaultInput = z.input<typeof faultInputSchema>;

/** A queued fault. */
export type Fault = z.output<typeof faultInputSchema> & { id: number; used: number };

/** A request rate limit: at most `limit` requests per `windowMs`, then 429. */
export const rateLimitSchema = z.object({
  limit: z.number().int().min(1),
  windowMs: z.number().int().min(1).max(3_600_000),
}).strict();

/** Input accepted by {@link RateLimitWindow}. */
export type RateLimitInput = z.input<typeof rateLimitSchema>;

function matches(fault: Fault, method: string, path: string): boolean {
  if (fault.method && fault.method !== method) return false;
  if (!fault.path) return true;
  return path === fault.path || path.startsWith(fault.path.replace(/\/$/, "") + "/");
}

/** Faults waiting to be applied, oldest first. */
export class FaultQueue {
  #faults: Fault[] = [];
  #nextId = 1;

  /**
   * Queues a fault.
   *
   * @throws {z.ZodError} naming the bad field
   */
  add(input: FaultInput): Fault {
    const fault = { ...faultInputSchema.parse(input), id: this.#nextId++, used: 0 };
    this.#faults.push(fault);
    return fault;
  }

  /** Takes the first fault matching the request, counting one use of it. */
  take(method: string, path: string): Fault | undefined {
    const fault = this.#faults.find((f) => matches(f, method, path));
    if (!fault) return;
    fault.used++;
    if (fault.times !== "always" && fault.used >= fault.times) {
      this.#faults = this.#faults.filter((f) => f !== fault);
    }
    return { ...fault };
  }

  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.#faults = [];
  }
}

/** A sliding-window request counter: refuses once `limit` requests fell within `windowMs`. */
export class RateLimitWindow {
  readonly limit: number;
  readonly windowMs: number;
  #accepted: number[] = [];

  constructor(input: RateLimitInput) {
    const { limit, windowMs } = rateLimitSchema.parse(input);
    this.limit = limit;
    this.windowMs = windowMs;
  }

  /** Counts a request at `now`; returns ms to wait when it is over the limit. */
  hit(now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    this.#accepted = this.#accepted.filter((t) => t > now - this.windowMs);
    if (this.#accepted.length >= this.limit) {
      return { ok: false, retryAfterMs: this.#accepted[0] + this.windowMs - now };
    }
    this.#accepted.push(now);
    return { ok: true, remaining: this.limit - this.#accepted.length };
  }
}
