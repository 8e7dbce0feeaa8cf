/**
 * The UI's sign-in routes: the login form and its POST (which wraps the same `login()` the
 * tRPC `auth.login` uses, with the same rate limit), logout, and session renewal from the
 * refresh cookie (`POST /ui/session/refresh` for islands, `GET /ui/session/resume` for pages).
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppDeps } from "../platform/deps.ts";
import { AppError } from "../platform/errors.ts";
import type { AppEnv } from "../platform/http_env.ts";
import { callerKey } from "../platform/middleware/rate_limit.ts";
import { loginInput } from "../routers/auth/schemas.ts";
import { login, loginRule, logout } from "../routers/auth/session.ts";
import type { Dict } from "./i18n/mod.ts";
import { renderPage, requestLang } from "./render.tsx";
import { LoginPage } from "./routes/login.tsx";
import {
  clearSessionCookies,
  renewSession,
  requireSameOrigin,
  safeNext,
  SESSION_PATH,
  setSessionCookies,
} from "./session.ts";

type Ctx = Context<AppEnv>;

/** The login URL that comes back to `next` afterwards. */
export function loginUrl(next: string): string {
  return `/login?next=${encodeURIComponent(safeNext(next))}`;
}

/** The message and status a failed sign-in shows; undefined for errors that are not the user's. */
function loginFailure(err: unknown, t: Dict): { message: string; status: number } | undefined {
  if (!(err instanceof AppError)) return undefined;
  switch (err.code) {
    case "UNAUTHORIZED":
      return { message: t.login.failed, status: 401 };
    case "TOO_MANY_REQUESTS":
      return { message: t.login.tooMany, status: 429 };
    case "FORBIDDEN":
      return { message: t.login.crossSite, status: 403 };
    case "UNPROCESSABLE_CONTENT":
      return { message: t.login.missing, status: 422 };
    default:
      return undefined;
  }
}

/** The login page, in the language the caller read already if any (reading it may set a cookie). */
async function showLogin(
  c: Ctx,
  deps: AppDeps,
  opts: { login?: string; error?: string } = {},
  { lang, t } = requestLang(c),
) {
  const url = new URL(c.req.url);
  const next = safeNext(c.req.query("next"));
  return await renderPage(
    c,
    <LoginPage t={t} lang={lang} url={url} next={next} {...opts} />,
    { lang, t, title: t.login.title, logger: deps.logger },
  );
}

async function postLogin(c: Ctx, deps: AppDeps): Promise<Response> {
  const language = requestLang(c);
  const { t } = language;
  const form = await c.req.parseBody();
  const str = (k: string) => (typeof form[k] === "string" ? form[k] as string : "");
  const next = safeNext(str("next"));
  try {
    requireSameOrigin(c, deps);
    const actor = c.get("actor");
    await deps.rateLimiter.enforce(loginRule(deps), callerKey(actor));
    const input = loginInput.safeParse({ login: str("login"), password: str("password") });
    if (!input.success) throw new AppError("UNPROCESSABLE_CONTENT", "login and password needed");
    setSessionCookies(c, deps, await login(deps, actor, input.data));
    return c.redirect(next, 303);
  } catch (err) {
    const failure = loginFailure(err, t);
    if (!failure) throw err;
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    }
    const res = await showLogin(
      c,
      deps,
      { login: str("login"), error: failure.message },
      language,
    );
    return new Response(res.body, { status: failure.status, headers: res.headers });
  }
}

/** Adds `/login`, `/logout` and the `/ui/session/*` routes to `app`. */
export function mountAuthRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const limit = bodyLimit({
    maxSize: 16 * 1024,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", "Form over 16 KiB");
    },
  });

  app.get("/login", (c) => {
    if (c.get("actor").userId) return c.redirect(safeNext(c.req.query("next")), 303);
    return showLogin(c, deps);
  });
  app.post("/login", limit, (c) => postLogin(c, deps));

  app.post("/logout", limit, async (c) => {
    requireSameOrigin(c, deps);
    const actor = c.get("actor");
    await logout(deps, actor);
    clearSessionCookies(c, deps);
    return c.redirect("/login", 303);
  });

  app.post(`${SESSION_PATH}/refresh`, async (c) => {
    requireSameOrigin(c, deps);
    await renewSession(c, deps);
    return c.body(null, 204);
  });

  // A page found its access cookie expired: renew it here (the only path the refresh cookie is
  // sent to) and go back, or ask the user to sign in again.
  app.get(`${SESSION_PATH}/resume`, async (c) => {
    const next = safeNext(c.req.query("next"));
    try {
      await renewSession(c, deps);
      return c.redirect(next, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      return c.redirect(loginUrl(next), 303);
    }
  });
}
