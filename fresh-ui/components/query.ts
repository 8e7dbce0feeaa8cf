/**
 * Reading list filters from a page's query string and writing them back into links. No server
 * imports: the jobs island builds its no-JavaScript links with the same code as the pages.
 *
 * @module
 */

/** `value` when it is one of `values`, otherwise undefined (an unknown filter is ignored). */
export function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return (values as readonly string[]).includes(value ?? "") ? value as T : undefined;
}

/** The `page` parameter as a page number from 1 to `max`; anything else is page 1. */
export function pageParam(url: URL, max: number): number {
  const page = Number(url.searchParams.get("page"));
  return Number.isInteger(page) && page >= 1 && page <= max ? page : 1;
}

/**
 * The query string (`?a=1&b=2`, or "" when empty) of a filter's set fields, in the filter's own
 * order, with `page` last and only when it is past the first.
 *
 * @example
 * ```ts
 * queryString({ status: "done", type: undefined, page: 1 }, 3); // "?status=done&page=3"
 * ```
 */
export function queryString(filter: object, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) {
    if (k !== "page" && v !== undefined && v !== "") q.set(k, String(v));
  }
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}
