/**
 * Fixed-window rate limits kept in Deno KV, so every instance opening the same KV shares the
 * counters. A window's counter is updated with an optimistic check-and-set and expires on its
 * own after the window.
 *
 * @module
 */
import { AppError } from "./errors.ts";

/** One limit: `limit` hits per `windowS` seconds for each key. */
export interface RateRule {
  /** Bucket name, e.g. `login` or `default`. */
  name: string;
  limit: number;
  windowS: number;
}

/** Outcome of one hit. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
}

/** Counts hits per (rule, key) in KV. */
export class RateLimiter {
  constructor(private readonly kv: Deno.Kv, private readonly enabled = true) {}

  /** Counts a hit and says whether it is within the rule. */
  async hit(rule: RateRule, key: string, now = Date.now()): Promise<RateDecision> {
    const windowMs = rule.windowS * 1000;
    const window = Math.floor(now / windowMs);
    const resetS = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    if (!this.enabled) return { allowed: true, limit: rule.limit, remaining: rule.limit, resetS };
    const kvKey = ["ratelimit", rule.name, key, window];
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.kv.get<number>(kvKey);
      const count = (current.value ?? 0) + 1;
      if (count > rule.limit) return { allowed: false, limit: rule.limit, remaining: 0, resetS };
      const res = await this.kv.atomic().check(current)
        .set(kvKey, count, { expireIn: windowMs + 1000 }).commit();
      if (res.ok) {
        return { allowed: true, limit: rule.limit, remaining: rule.limit - count, resetS };
      }
    }
    // Heavy contention on one key means heavy traffic from one caller: refuse.
    return { allowed: false, limit: rule.limit, remaining: 0, resetS };
  }

  /**
   * Counts a hit and throws 429 when over the limit.
   *
   * @throws {AppError} TOO_MANY_REQUESTS with `Retry-After`
   */
  async enforce(rule: RateRule, key: string): Promise<RateDecision> {
    const d = await this.hit(rule, key);
    if (!d.allowed) {
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `Rate limit of ${rule.limit} per ${rule.windowS} s exceeded; retry in ${d.resetS} s`,
        {
          title: "Too many requests",
          headers: rateHeaders(d),
          extra: { limit: rule.limit, window_s: rule.windowS },
        },
      );
    }
    return d;
  }
}

/** `Retry-After` and the IETF RateLimit-* headers for a decision. */
export function rateHeaders(d: RateDecision): Record<string, string> {
  const h: Record<string, string> = {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetS),
  };
  if (!d.allowed) h["Retry-After"] = String(d.resetS);
  return h;
}
