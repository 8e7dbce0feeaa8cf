/**
 * Turns a page's VNode into the HTML response: renders the body first (collecting the islands
 * it used), then the document with the stylesheet and only those islands' scripts.
 *
 * @module
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { Logger } from "../platform/logger.ts";
import type { AppEnv } from "../platform/http_env.ts";
import { pageAssets } from "./assets.ts";
import { IslandsRendered } from "./components/island.tsx";
import { Document } from "./components/layout.tsx";
import { asLang, type Dict, DICTS, type Lang, LANG_COOKIE } from "./i18n/mod.ts";

/**
 * The request's language: `?lang=` (remembered in a cookie for a year), then the cookie, then
 * Russian.
 */
export function requestLang(c: Context<AppEnv>): { lang: Lang; t: Dict } {
  const asked = asLang(c.req.query("lang"));
  if (asked) {
    setCookie(c, LANG_COOKIE, asked, { path: "/", maxAge: 365 * 86_400, sameSite: "Lax" });
  }
  const lang = asked ?? asLang(getCookie(c, LANG_COOKIE)) ?? "ru";
  return { lang, t: DICTS[lang] };
}

/** Options of {@link renderPage}. */
export interface RenderOptions {
  lang: Lang;
  t: Dict;
  /** The page's own title; the app name is appended. */
  title: string;
  status?: number;
  logger: Logger;
}

/** The HTML response of `body`, a complete page. */
export async function renderPage(
  c: Context<AppEnv>,
  body: VNode,
  { lang, t, title, status = 200, logger }: RenderOptions,
): Promise<Response> {
  const used = new Set<string>();
  const html = renderToString(
    <IslandsRendered.Provider value={used}>{body}</IslandsRendered.Provider>,
  );
  const assets = await pageAssets(logger);
  const scripts = [...used].map((name) => assets.islands[name]).filter((s): s is string => !!s);
  if (assets.css && scripts.length < used.size) {
    logger.error("page uses an island with no bundle", { islands: [...used] });
  }
  const doc = renderToString(
    <Document
      lang={lang}
      title={`${title} — ${t.app.name}`}
      css={assets.css}
      scripts={scripts}
      body={html}
    />,
  );
  c.header("Cache-Control", "no-store");
  return c.html(`<!doctype html>${doc}`, status as 200);
}
