/**
 * Schema pieces every CRM resource shares: page/limit pagination and its envelope, ids,
 * timezone-aware timestamps, query-string flags and the optimistic-locking fields.
 *
 * @module
 */
import { z } from "zod";

/** Seed 002's pagination: `page` from 1, `limit` 1–100 (20 by default). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
/** Parsed pagination. */
export type PageQuery = z.output<typeof pageQuery>;

/** The list envelope `{items,page,limit,total,pages}`. */
export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  pages: number;
}

/** Builds a {@link Page}. */
export function pageOf<T>(items: T[], q: PageQuery, total: number): Page<T> {
  return { items, page: q.page, limit: q.limit, total, pages: Math.ceil(total / q.limit) };
}

/** A path `{id}`. */
export const idParams = z.object({ id: z.uuid() });

/**
 * An ISO 8601 instant with a zone (`Z` or `+03:00`). A naive local time is refused: seed 002
 * dropped zones silently, and a field engineer in Kazan and a supervisor in Moscow would read
 * the same visit at different hours.
 */
export const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** A yes/no flag that arrives as a boolean (tRPC) or as `true/false/1/0` (query strings). */
export const flag = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1"),
]);

/** A comma-separated list in a query string, or an array (tRPC). */
export function csv<T extends z.ZodType<unknown, string>>(item: T) {
  return z.union([
    z.array(item),
    z.string().transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)).pipe(
      z.array(item),
    ),
  ]);
}

/**
 * Optimistic locking: `version` is the version the client last saw, required unless
 * `force` says to overwrite whatever the server holds.
 */
export const lockFields = {
  version: z.coerce.number().int().min(1).optional(),
  force: flag.optional(),
};

/** `?force=true` on a PATCH or DELETE (same meaning as the body's `force`). */
export const forceQuery = z.object({ force: flag.optional() });

/** `?version=` and `?force=` on a DELETE. */
export const deleteQuery = z.object(lockFields);

/** A sort key: a column name, `-` in front for descending. */
export function sortParam<const T extends readonly string[]>(columns: T, fallback: string) {
  const allowed = columns.flatMap((c) => [c, `-${c}`]) as [string, ...string[]];
  return z.enum(allowed).default(fallback);
}

/** Splits a {@link sortParam} value into column and direction. */
export function sortOf(sort: string): { column: string; direction: "asc" | "desc" } {
  return sort.startsWith("-")
    ? { column: sort.slice(1), direction: "desc" }
    : { column: sort, direction: "asc" };
}
