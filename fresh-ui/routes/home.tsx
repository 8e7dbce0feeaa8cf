/**
 * `/app`: the landing page after login, listing the sections the user's roles can open.
 *
 * @module
 */
import { fmt } from "../i18n/fmt.ts";
import { pageEntries, visibleNav } from "../nav.ts";
import type { PageContext, UiPage } from "../page.ts";

function render(ctx: PageContext) {
  const { t } = ctx;
  const sections = pageEntries(visibleNav(ctx.actor));
  return (
    <>
      <h1>{fmt(t.home.welcome, { name: ctx.user.name || ctx.user.login })}</h1>
      <p>{t.home.sections}</p>
      <ul class="tiles">
        {sections.map((e) => (
          <li key={e.id} data-nav={e.id}>
            <a href={e.path}>
              {t.nav[e.label]}
              {!e.page && <span class="badge">{t.app.comingSoon}</span>}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The home page. */
export const homePage: UiPage = { title: (t) => t.home.title, render };
