/**
 * The default rate limit: RATE_LIMIT_DEFAULT_PER_MIN requests a minute per caller (user id,
 * else IP) across the API. Routes with tighter limits (login, exports) add their own rule.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config.ts";
import type { AppEnv } from "../http_env.ts";
import { rateHeaders, type RateLimiter, type RateRule } from "../rate_limit.ts";

/** The default rule: RATE_LIMIT_DEFAULT_PER_MIN a minute. */
export function defaultRule(config: Pick<Config, "rateLimit">): RateRule {
  return { name: "default", limit: config.rateLimit.defaultPerMin, windowS: 60 };
}

/** The key a caller is counted under. */
export function callerKey(actor: { userId: string | null; ip?: string }): string {
  return actor.userId ? `user:${actor.userId}` : `ip:${actor.ip ?? "unknown"}`;
}

/** Builds the middleware for `rule`. */
export function defaultRateLimit(limiter: RateLimiter, rule: RateRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const decision = await limiter.enforce(rule, callerKey(c.get("actor")));
    await next();
    for (const [k, v] of Object.entries(rateHeaders(decision))) c.res.headers.set(k, v);
  };
}
