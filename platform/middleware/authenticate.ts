/**
 * Reads the bearer token (if any) into `c.var.actor`. A bad token does not fail here: public
 * routes ignore it, and routes that need a user answer 401 with the token's error.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { type TokenSettings, verifyToken } from "../../routers/auth/tokens.ts";
import { AppError } from "../errors.ts";
import type { AppEnv } from "../http_env.ts";

/** The caller's address: the socket peer, or X-Forwarded-For's first hop behind a proxy. */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const fwd = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (fwd) return fwd;
  }
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return info?.remoteAddr?.hostname;
}

/** The token of an `Authorization: Bearer` header, if present. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/** Builds the middleware. */
export function authenticate(
  options: { tokens: TokenSettings; trustProxy: boolean },
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const base = {
      requestId: c.get("requestId"),
      ip: clientIp(c, options.trustProxy),
      userAgent: c.req.header("user-agent"),
    };
    c.set("actor", { ...base, userId: null, roles: [] });
    const header = c.req.header("authorization");
    if (header) {
      const token = bearerToken(header);
      if (!token) {
        c.set("authError", new AppError("UNAUTHORIZED", "Authorization must be 'Bearer <token>'"));
      } else {
        try {
          const claims = await verifyToken(options.tokens, token);
          c.set("actor", { ...base, userId: claims.userId, roles: claims.roles });
        } catch (err) {
          c.set("authError", err as AppError);
        }
      }
    }
    await next();
  };
}
