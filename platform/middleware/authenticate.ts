/**
 * Reads the bearer token (if any) into `c.var.actor`. A bad token does not fail here: public
 * routes ignore it, and routes that need a user answer 401 with the token's error.
 *
 * Without an Authorization header, the web UI's HttpOnly session cookie ({@link SESSION_COOKIE},
 * set by fresh-ui/session.ts) is read the same way. A cookie rides along on any request the
 * browser makes, so on unsafe methods it counts only for same-origin requests (CSRF).
 *
 * @module
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
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

/** The cookie holding the web UI's access token (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = "fh_session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True unless the browser says the request came from another site: `Sec-Fetch-Site` when sent,
 * else `Origin` against the host the request was sent to. Clients that send neither are not
 * browsers, so they cannot be tricked into a cross-site request.
 */
export function isSameOrigin(c: Context, trustProxy: boolean): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = c.req.header("origin");
  if (!origin) return true;
  const host = (trustProxy && c.req.header("x-forwarded-host")) || c.req.header("host") ||
    new URL(c.req.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
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
    let token = bearerToken(header);
    if (header && !token) {
      c.set("authError", new AppError("UNAUTHORIZED", "Authorization must be 'Bearer <token>'"));
    } else if (!header) {
      token = getCookie(c, SESSION_COOKIE);
      if (token && !SAFE_METHODS.has(c.req.method) && !isSameOrigin(c, options.trustProxy)) {
        token = undefined;
        c.set("authError", new AppError("FORBIDDEN", "Cross-site request with a session cookie"));
      }
    }
    if (token) {
      try {
        const claims = await verifyToken(options.tokens, token);
        c.set("actor", { ...base, userId: claims.userId, roles: claims.roles });
      } catch (err) {
        c.set("authError", err as AppError);
      }
    }
    await next();
  };
}
