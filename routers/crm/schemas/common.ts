/**
 * Schema pieces every CRM resource shares: ids, timezone-aware timestamps, query-string flags,
 * sorting and the optimistic-locking fields (pagination is `platform/paging.ts`).
 *
 * @module
 */
import { z } from "zod";

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
