/**
 * The HTML document and the signed-in shell (top bar, navigation, main area). No inline script
 * or style anywhere: the stylesheet and island scripts are files from `/ui/assets/`.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import type { PublicUser } from "../../routers/auth/users.ts";
import { type Dict, fmt, type Lang, LANGS } from "../i18n/mod.ts";
import type { NavEntry } from "../nav.ts";

/** Props of {@link Document}. */
export interface DocumentProps {
  lang: Lang;
  title: string;
  css?: string;
  scripts: string[];
  /** Pre-rendered body HTML. */
  body: string;
}

/** The whole HTML document around an already rendered body. */
export function Document({ lang, title, css, scripts, body }: DocumentProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {/* No favicon request (and no 404 in the console); the CSP allows data: images. */}
        <link rel="icon" href="data:," />
        {css && <link rel="stylesheet" href={css} />}
        {scripts.map((src) => <script type="module" src={src} key={src} />)}
      </head>
      <body dangerouslySetInnerHTML={{ __html: body }} />
    </html>
  );
}

/** The current URL with `lang` set, for the language switch. */
function withLang(url: URL, lang: Lang): string {
  const u = new URL(url);
  u.searchParams.set("lang", lang);
  return `${u.pathname}${u.search}`;
}

/** Language links; the current one is marked, not linked. */
export function LangSwitch({ t, lang, url }: { t: Dict; lang: Lang; url: URL }) {
  return (
    <nav class="lang" aria-label={t.app.language}>
      {LANGS.map((l) =>
        l === lang
          ? <span key={l} class="lang-current" aria-current="true">{l.toUpperCase()}</span>
          : <a key={l} href={withLang(url, l)} hreflang={l} data-lang={l}>{l.toUpperCase()}</a>
      )}
    </nav>
  );
}

function NavItem({ entry, t, path }: { entry: NavEntry; t: Dict; path: string }) {
  const label = t.nav[entry.label];
  if (entry.children) {
    return (
      <li class="nav-group" data-nav={entry.id}>
        <span class="nav-group-label">{label}</span>
        <ul>{entry.children.map((c) => <NavItem key={c.id} entry={c} t={t} path={path} />)}</ul>
      </li>
    );
  }
  const current = path === entry.path || path.startsWith(`${entry.path}/`);
  return (
    <li data-nav={entry.id}>
      <a href={entry.path} aria-current={current ? "page" : undefined}>
        {label}
        {!entry.page && <span class="badge">{t.app.comingSoon}</span>}
      </a>
    </li>
  );
}

/** Props of {@link Shell}. */
export interface ShellProps {
  t: Dict;
  lang: Lang;
  url: URL;
  user: PublicUser;
  nav: NavEntry[];
  children: ComponentChildren;
}

/** The signed-in frame: top bar with user, language and logout; side navigation; content. */
export function Shell({ t, lang, url, user, nav, children }: ShellProps) {
  return (
    <>
      <a class="skip" href="#main">{t.app.skipToContent}</a>
      <header class="topbar">
        <a class="brand" href="/app">{t.app.name}</a>
        <span class="user" data-user={user.login}>
          {fmt(t.app.signedInAs, { name: user.name || user.login })}
        </span>
        <LangSwitch t={t} lang={lang} url={url} />
        <form method="post" action="/logout" class="logout">
          <button type="submit">{t.app.logout}</button>
        </form>
      </header>
      <div class="frame">
        <nav class="sidenav" aria-label={t.app.name}>
          <ul>
            <li data-nav="home">
              <a href="/app" aria-current={url.pathname === "/app" ? "page" : undefined}>
                {t.nav.home}
              </a>
            </li>
            {nav.map((e) => <NavItem key={e.id} entry={e} t={t} path={url.pathname} />)}
          </ul>
        </nav>
        <main id="main">{children}</main>
      </div>
    </>
  );
}
