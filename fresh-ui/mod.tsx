/**
 * `mountUi(app, deps)`: the web UI on the app — `/` and `/login`, the signed-in pages under
 * `/app/...` (one per navigation entry), and the bundle under `/ui/assets/`.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { AppDeps } from "../platform/deps.ts";
import { AppError } from "../platform/errors.ts";
import type { AppEnv } from "../platform/http_env.ts";
import { SESSION_COOKIE } from "../platform/middleware/authenticate.ts";
import { type Access, hasAccess } from "../platform/rest/access.ts";
import { getActiveUser } from "../routers/auth/users.ts";
import { ASSET_PREFIX, IMMUTABLE, loadBundle } from "./assets.ts";
import { loginUrl, mountAuthRoutes } from "./auth_routes.tsx";
import { Shell } from "./components/layout.tsx";
import { NAV, pageEntries, visibleNav } from "./nav.ts";
import type { PageContext, UiPage } from "./page.ts";
import { renderPage, requestLang } from "./render.tsx";
import { comingSoonPage } from "./routes/coming_soon.tsx";
import { homePage } from "./routes/home.tsx";
import { clearSessionCookies, SESSION_PATH } from "./session.ts";

type Ctx = Context<AppEnv>;

/** Renders `page` in the shell for the signed-in user, or sends the visitor to sign in. */
async function servePage(c: Ctx, deps: AppDeps, page: UiPage, access: Access) {
  const url = new URL(c.req.url);
  const here = `${url.pathname}${url.search}`;
  const actor = c.get("actor");
  if (!actor.userId) {
    // A session cookie whose token was refused (expired) can be renewed; no cookie: sign in.
    const renew = getCookie(c, SESSION_COOKIE) !== undefined;
    return c.redirect(
      renew ? `${SESSION_PATH}/resume?next=${encodeURIComponent(here)}` : loginUrl(here),
      303,
    );
  }
  const user = await getActiveUser(deps.db, actor.userId).catch((err) => {
    if (err instanceof AppError && err.status < 500) return undefined;
    throw err;
  });
  if (!user) {
    clearSessionCookies(c, deps);
    return c.redirect(loginUrl(here), 303);
  }
  const { lang, t } = requestLang(c);
  const ctx: PageContext = {
    c,
    deps,
    actor: { ...actor, userId: actor.userId },
    user,
    lang,
    t,
    url,
  };
  const allowed = hasAccess(access, actor);
  const body = allowed
    ? await page.render(ctx)
    : <p class="error" role="alert" data-forbidden="true">{t.app.forbidden}</p>;
  return renderPage(
    c,
    <Shell t={t} lang={lang} url={url} user={user} nav={visibleNav(actor)}>{body}</Shell>,
    {
      lang,
      t,
      title: allowed ? page.title(t) : t.app.forbidden,
      status: allowed ? 200 : 403,
      logger: deps.logger,
    },
  );
}

/** Adds the UI's routes to `app`. */
export function mountUi(app: Hono<AppEnv>, deps: AppDeps): void {
  app.get(`${ASSET_PREFIX}:file`, async (c) => {
    const file = (await loadBundle(deps.logger)).files.get(c.req.param("file"));
    if (!file) throw new AppError("NOT_FOUND", "No such asset");
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": file.contentType,
      "Cache-Control": IMMUTABLE,
    });
  });

  mountAuthRoutes(app, deps);

  app.get("/", (c) => c.redirect(c.get("actor").userId ? "/app" : "/login", 303));
  app.get("/app", (c) => servePage(c, deps, homePage, "authed"));
  for (const entry of pageEntries(NAV)) {
    const page = entry.page ?? comingSoonPage(entry.label);
    app.get(entry.path, (c) => servePage(c, deps, page, entry.access));
  }
}
