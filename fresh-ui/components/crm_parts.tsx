/**
 * Pieces the CRM pages share: reading list filters from the query string (the tRPC schemas
 * validate them, exactly as for the API), the GET filter form's selects, the pager, status
 * badges and the error line. Plain GET forms and links, so the lists work without JavaScript.
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import type { ComponentChildren } from "preact";
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";

export { BADGE } from "./crm_badges.ts";

type L = Dict["crm"];

/** The query string as list input (`lang` and `id` belong to the page, not the list). */
export function listInput(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k !== "lang" && k !== "id" && v.trim() !== "") out[k] = v.trim().slice(0, 200);
  }
  return out;
}

/**
 * Runs a list call; a refused input (bad filter) or a denial becomes a message on the page,
 * anything else stays an error of the server.
 */
export async function tryLoad<T>(load: () => Promise<T>): Promise<{ data?: T; error?: string }> {
  try {
    return { data: await load() };
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    return { error: err.message };
  }
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

/** The filter form: fields, "show" and "reset". */
export function FilterForm(
  { l, path, children }: { l: L; path: string; children: ComponentChildren },
) {
  return (
    <form class="filters" method="get" data-crm-filters="true">
      {children}
      <button type="submit">{l.apply}</button>
      <a href={path}>{l.reset}</a>
    </form>
  );
}

/** Previous / next links that keep the current filters. */
export function Pager(
  { l, url, page }: { l: L; url: URL; page: { page: number; pages: number; total: number } },
) {
  const link = (n: number) => {
    const u = new URL(url);
    u.searchParams.set("page", String(n));
    return `${u.pathname}${u.search}`;
  };
  return (
    <nav class="pager">
      <span>{fmt(l.total, { n: page.total })}</span>
      {page.page > 1 && <a href={link(page.page - 1)}>{l.prev}</a>}
      <span>{fmt(l.page, { page: page.page, pages: Math.max(page.pages, 1) })}</span>
      {page.page < page.pages && <a href={link(page.page + 1)}>{l.next}</a>}
    </nav>
  );
}

/** The error line of a page. */
export function ErrorLine({ l, error }: { l: L; error?: string }) {
  return error ? <p class="error" role="alert">{fmt(l.loadFailed, { error })}</p> : null;
}

/** An empty-table row. */
export function EmptyRow({ l, cols }: { l: L; cols: number }) {
  return (
    <tr>
      <td colSpan={cols} class="empty">{l.empty}</td>
    </tr>
  );
}

/** A list table: header cells, the rows given as children, an "empty" row when `count` is 0. */
export function ListTable(
  { l, name, headers, count, children }: {
    l: L;
    /** Marks the table as `data-<name>="true"` for tests and styles. */
    name: string;
    headers: string[];
    count?: number;
    children: ComponentChildren;
  },
) {
  return (
    <table class="jobs-table" {...{ [`data-${name}`]: "true" }}>
      <thead>
        <tr>{headers.map((h, i) => <th key={i}>{h}</th>)}</tr>
      </thead>
      <tbody>
        {children}
        {count === 0 && <EmptyRow l={l} cols={headers.length} />}
      </tbody>
    </table>
  );
}

/** A card's label/value table. */
export function FieldsTable({ name, fields }: { name: string; fields: [string, string][] }) {
  return (
    <table class="jobs-table" {...{ [`data-${name}`]: "true" }}>
      <tbody>
        {fields.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
