/**
 * The tables every list and card draws in the stylesheet's `jobs-table` look: a list with its
 * header and "empty" row, a record's label/value table, and times as the server renders them.
 * Pure markup with no server imports, so pages and islands render the same tables.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import type { Lang } from "../i18n/mod.ts";
import { formatTime } from "./job_row.tsx";

/**
 * A list table: header cells, the rows given as children, and a row saying `empty` when `count`
 * is 0 (leave `count` out while nothing is loaded, or for tables that are never empty).
 *
 * @example
 * ```tsx
 * <ListTable name="crm-visits" headers={[l.visit, l.status]} empty={l.empty} count={items.length}>
 *   {items.map((v) => <tr key={v.id}>...</tr>)}
 * </ListTable>
 * ```
 */
export function ListTable(
  { name, headers, empty, count, children }: {
    /** Marks the table as `data-<name>="true"` for tests and styles; none when left out. */
    name?: string;
    headers: string[];
    empty?: string;
    count?: number;
    children: ComponentChildren;
  },
) {
  return (
    <table class="jobs-table" {...(name ? { [`data-${name}`]: "true" } : {})}>
      <thead>
        <tr>{headers.map((h, i) => <th key={i}>{h}</th>)}</tr>
      </thead>
      <tbody>
        {children}
        {count === 0 && (
          <tr>
            <td colSpan={headers.length} class="empty">{empty}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/**
 * A record's fields as a two-column label/value table, marked `data-<name>="<value>"` for tests
 * (`value` defaults to `"true"`).
 */
export function FieldTable(
  { name, value = "true", rows }: { name: string; value?: string; rows: [string, string][] },
) {
  return (
    <table class="jobs-table" {...{ [`data-${name}`]: value }}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A time as the server renders it (UTC; see `formatTime`), "—" when there is none. */
export function serverTime(at: string | null, lang: Lang): string {
  return at ? formatTime(at, lang, false) : "—";
}

/** A table cell of {@link serverTime}. */
export function TimeCell({ at, lang }: { at: string | null; lang: Lang }) {
  return <td class="times">{serverTime(at, lang)}</td>;
}
