/**
 * What only the CRM pages share: their lists take the query string as it is for input (the
 * tRPC schemas validate it, exactly as for the API), the page around such a list, and the
 * first cells of a visit row (the visits list and an object's card). Status badges are in
 * `crm_badges.ts`; the form, table and pager pieces in `list_page.tsx` and `table.tsx`.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import { fmt } from "../i18n/fmt.ts";
import type { Dict, Lang } from "../i18n/mod.ts";
import type { PageContext } from "../page.ts";
import { BADGE } from "./crm_badges.ts";
import { ListPage, UrlPager } from "./list_page.tsx";
import { ListTable, TimeCell } from "./table.tsx";

type L = Dict["crm"];

/** The query string as list input (`lang` and `id` belong to the page, not the list). */
export function listInput(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k !== "lang" && k !== "id" && v.trim() !== "") out[k] = v.trim().slice(0, 200);
  }
  return out;
}

/** The CRM's list pages: each is `/app/crm/<section>` with labels `<section>Title` / `Intro`. */
export type CrmSection = "objects" | "visits" | "customers" | "audit";

/**
 * A CRM list page `/app/crm/<section>`: heading, intro, the filter `fields`, the error line,
 * the table of `page`'s rows (the children, marked `data-crm-<section>`) and the pager that
 * keeps the filters.
 */
export function CrmListPage(
  { ctx, section, fields, error, headers, page, children }: {
    ctx: PageContext;
    section: CrmSection;
    fields: ComponentChildren;
    /** Why the list (or what its filters need) did not load. */
    error?: string;
    headers: string[];
    /** The loaded page; undefined when it failed. */
    page?: { items: unknown[]; page: number; pages: number; total: number };
    children: ComponentChildren;
  },
) {
  const l = ctx.t.crm;
  return (
    <ListPage
      title={l[`${section}Title`]}
      intro={l[`${section}Intro`]}
      form={{ labels: l, name: "crm-filters", path: `/app/crm/${section}` }}
      fields={fields}
      error={error && fmt(l.loadFailed, { error })}
    >
      <ListTable
        name={`crm-${section}`}
        headers={headers}
        empty={l.empty}
        count={page?.items.length}
      >
        {children}
      </ListTable>
      {page && <UrlPager labels={l} url={ctx.url} page={page} />}
    </ListPage>
  );
}

/** A visit row's first cells: the link to the visit, its status and when it is scheduled. */
export function VisitCells(
  { l, lang, visit }: {
    l: L;
    lang: Lang;
    visit: { id: string; status: keyof L["visitStatuses"]; scheduled_at: string | null };
  },
) {
  return (
    <>
      <td>
        <a href={`/app/crm/visits?id=${visit.id}`}>{visit.id.slice(0, 8)}</a>
      </td>
      <td>
        <span class={BADGE[visit.status]}>{l.visitStatuses[visit.status]}</span>
      </td>
      <TimeCell at={visit.scheduled_at} lang={lang} />
    </>
  );
}
