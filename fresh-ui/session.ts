/**
 * The browser session: the access token lives in the HttpOnly `fh_session` cookie (read by
 * `platform/middleware/authenticate.ts` like a bearer token), the refresh token in
 * `fh_refresh`, sent only to `/ui/session/*`. Both are SameSite=Strict, Secure in prod, and
 * invisible to scripts, so an XSS cannot steal them and another site cannot ride them.
 *
 * @module
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppDeps } from "../platform/deps.ts";
import { AppError } from "../platform/errors.ts";
import type { AppEnv } from "../platform/http_env.ts";
import { isSameOrigin, SESSION_COOKIE } from "../platform/middleware/authenticate.ts";
import type { Session } from "../routers/auth/session.ts";
import { refresh } from "../routers/auth/session.ts";

/** The refresh-token cookie. */
export const REFRESH_COOKIE = "fh_refresh";
/** Path of the session endpoints, the only place the refresh cookie is sent to. */
export const SESSION_PATH = "/ui/session";

type Ctx = Context<AppEnv>;

/** Stores a fresh session in the two cookies. */
export function setSessionCookies(c: Ctx, deps: Pick<AppDeps, "config">, s: Session): void {
  const base = { httpOnly: true, secure: deps.config.isProd, sameSite: "Strict" as const };
  // The access cookie outlives its token on purpose: a page that receives an expired one knows
  // there is a session to renew (GET /ui/session/resume) rather than a visitor to sign in.
  const maxAge = deps.config.jwt.refreshTtlS;
  setCookie(c, SESSION_COOKIE, s.access_token, { ...base, path: "/", maxAge });
  setCookie(c, REFRESH_COOKIE, s.refresh_token, {
    ...base,
    path: SESSION_PATH,
    maxAge,
  });
}

/** Removes both cookies (logout, or a session that can no longer be renewed). */
export function clearSessionCookies(c: Ctx, deps: Pick<AppDeps, "config">): void {
  const base = { httpOnly: true, secure: deps.config.isProd, sameSite: "Strict" as const };
  deleteCookie(c, SESSION_COOKIE, { ...base, path: "/" });
  deleteCookie(c, REFRESH_COOKIE, { ...base, path: SESSION_PATH });
}

/**
 * Renews the session from the refresh cookie.
 *
 * @throws {AppError} UNAUTHORIZED without a valid refresh cookie (the cookies are cleared)
 */
export async function renewSession(c: Ctx, deps: Pick<AppDeps, "config" | "db">): Promise<void> {
  const token = getCookie(c, REFRESH_COOKIE);
  try {
    if (!token) throw new AppError("UNAUTHORIZED", "No session to renew");
    setSessionCookies(c, deps, await refresh(deps, token));
  } catch (err) {
    clearSessionCookies(c, deps);
    throw err;
  }
}

/** Refuses a state-changing form post made from another site (CSRF). */
export function requireSameOrigin(c: Ctx, deps: Pick<AppDeps, "config">): void {
  if (!isSameOrigin(c, deps.config.trustProxy)) {
    throw new AppError("FORBIDDEN", "Cross-site request refused");
  }
}

/**
 * A redirect target after login: a path of the signed-in UI on this site, or `/app`. Anything
 * else (another origin, `//host`, a non-UI path) would make the login form an open redirect.
 */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith("/app") || next.includes("\\")) return "/app";
  const u = new URL(next, "http://ui.invalid");
  if (u.origin !== "http://ui.invalid" || !/^\/app(\/|$)/.test(u.pathname)) return "/app";
  return `${u.pathname}${u.search}`;
}
