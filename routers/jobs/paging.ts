/**
 * One page of a filtered list: the rows of the page and the total, from the same filtered
 * query, in the seed 002 envelope `{items, page, limit, total, pages}`.
 *
 * @module
 */
import { type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../../db/database.ts";

/** The list envelope. */
export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  pages: number;
}

/** Page request and created-at window, as the list inputs carry them. */
export interface PageRequest {
  page: number;
  limit: number;
  from?: string;
  to?: string;
}

type ListTable = "jobs" | "outbox" | "inbox";

/**
 * Applies the `from`/`to` window on `timeColumn`, then reads the page (newest first) and the
 * total count of `q`, and maps each row with `view`.
 */
export async function readPage<T extends ListTable, Row, V>(
  // deno-lint-ignore ban-types
  q: SelectQueryBuilder<Database, T, {}>,
  timeColumn: "created_at" | "received_at",
  input: PageRequest,
  view: (row: Row) => V,
): Promise<Page<V>> {
  const at = sql.ref(timeColumn);
  if (input.from) q = q.where(sql<boolean>`${at} >= ${new Date(input.from)}`);
  if (input.to) q = q.where(sql<boolean>`${at} < ${new Date(input.to)}`);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy(at, "desc").orderBy(sql.ref("id"))
      .limit(input.limit).offset((input.page - 1) * input.limit).execute(),
    q.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  const total = Number((count as { n: number }).n);
  return {
    items: (rows as Row[]).map(view),
    page: input.page,
    limit: input.limit,
    total,
    pages: Math.ceil(total / input.limit),
  };
}
