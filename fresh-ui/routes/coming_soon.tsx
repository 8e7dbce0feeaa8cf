/**
 * The placeholder of a section whose page is not built yet, so every navigation link leads
 * somewhere meaningful.
 *
 * @module
 */
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";
import type { UiPage } from "../page.ts";

/** A "coming soon" page for the section labelled `label`. */
export function comingSoonPage(label: keyof Dict["nav"]): UiPage {
  return {
    title: (t) => t.nav[label],
    render: ({ t }) => (
      <section class="soon" data-coming-soon={label}>
        <h1>{t.nav[label]}</h1>
        <p class="badge">{t.soon.title}</p>
        <p>{fmt(t.soon.body, { section: t.nav[label] })}</p>
        <p>
          <a href="/app">{t.soon.back}</a>
        </p>
      </section>
    ),
  };
}
