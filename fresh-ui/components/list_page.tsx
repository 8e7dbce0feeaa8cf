/**
 * The pieces of the server-rendered list and record pages (CRM, returns, Walking Warehouse,
 * calls): the list page with its GET filter form, the filter fields, the pager, the back link
 * and the "not found" answer. Plain GET forms and links, so the lists work without JavaScript.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import { fmt } from "../i18n/fmt.ts";

/**
 * A list page: heading, intro, whatever goes `above` the filters, the GET filter form (its
 * `fields`, then "show" and "reset"), the error line, and the list with its pager as children.
 *
 * @example
 * ```tsx
 * <ListPage title={l.title} intro={l.intro} form={{ labels: l, name: "returns-filters", path }}
 *   fields={<FilterText name="sku" label={l.filterSku} value={f.sku} />} error={error}>
 *   <ListTable ...>...</ListTable>
 * </ListPage>
 * ```
 */
export function ListPage(
  { title, intro, above, form, fields, error, children }: {
    title: string;
    intro: string;
    above?: ComponentChildren;
    /** The form is marked `data-<name>="true"`; "reset" links to `path`. */
    form: { labels: { apply: string; reset: string }; name: string; path: string };
    fields: ComponentChildren;
    error?: string;
    children: ComponentChildren;
  },
) {
  return (
    <>
      <h1>{title}</h1>
      <p class="intro">{intro}</p>
      {above}
      <form class="filters" method="get" {...{ [`data-${form.name}`]: "true" }}>
        {fields}
        <button type="submit">{form.labels.apply}</button>
        <a href={form.path}>{form.labels.reset}</a>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {children}
    </>
  );
}

/** A `<select>` of a filter, with "any" first. */
export function FilterSelect(
  { name, label, value, options, any }: {
    name: string;
    label: string;
    value?: string;
    options: [string, string][];
    any: string;
  },
) {
  return (
    <label>
      {label}
      <select name={name}>
        <option value="" selected={!value}>{any}</option>
        {options.map(([v, text]) => <option key={v} value={v} selected={value === v}>{text}
        </option>)}
      </select>
    </label>
  );
}

/** A text field of a filter, or a date field (`date`). */
export function FilterText(
  { name, label, value = "", date, maxLength, placeholder }: {
    name: string;
    label: string;
    value?: string;
    date?: boolean;
    maxLength?: number;
    placeholder?: string;
  },
) {
  return (
    <label>
      {label}
      {date
        ? <input type="date" name={name} value={value} />
        : <input name={name} value={value} maxLength={maxLength} placeholder={placeholder} />}
    </label>
  );
}

/** Labels of {@link Pager}: `page` has `{page}` and `{pages}`. */
export interface PagerLabels {
  prev: string;
  next: string;
  page: string;
}

/** The pager: the total, previous / next links (`href` of a page number) and "page n of m". */
export function Pager(
  { labels, total, page, pages, href }: {
    labels: PagerLabels;
    /** The first line, such as "Total: 12". */
    total: string;
    page: number;
    pages: number;
    href: (page: number) => string;
  },
) {
  return (
    <nav class="pager">
      <span>{total}</span>
      {page > 1 && <a href={href(page - 1)}>{labels.prev}</a>}
      <span>{fmt(labels.page, { page, pages })}</span>
      {page < pages && <a href={href(page + 1)}>{labels.next}</a>}
    </nav>
  );
}

/**
 * The pager of a list whose filters are the page's query string as it stands: its links change
 * only `page`.
 */
export function UrlPager(
  { labels, url, page }: {
    labels: PagerLabels & { total: string };
    url: URL;
    page: { page: number; pages: number; total: number };
  },
) {
  const href = (n: number) => {
    const u = new URL(url);
    u.searchParams.set("page", String(n));
    return `${u.pathname}${u.search}`;
  };
  return (
    <Pager
      labels={labels}
      total={fmt(labels.total, { n: page.total })}
      page={page.page}
      pages={Math.max(page.pages, 1)}
      href={href}
    />
  );
}

/** The link back to a record's list, above its card. */
export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <p>
      <a href={href}>{label}</a>
    </p>
  );
}

/** The back link followed by a "not found" alert. */
export function NotFound({ href, back, message }: { href: string; back: string; message: string }) {
  return (
    <>
      <BackLink href={href} label={back} />
      <p class="error" role="alert">{message}</p>
    </>
  );
}
