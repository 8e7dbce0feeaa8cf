/**
 * One page of a filtered job, outbox or inbox list: the rows of the page and the total, from
 * the same filtered query, in the seed 002 envelope (`platform/paging.ts`).
 *
 * @module
 */
import { type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { type Page, pageOf, pageOffset } from "../../platform/paging.ts";

/** Page request and created-at window, as the list inputs carry them. */
export interface PageRequest {
  page: number;
  limit: number;
  from?: string;
  to?: string;
}

type ListTable = "jobs" | "outbox" | "inbox";

/**
 * Keeps the rows whose column equals the given value, for each filter the caller set (an
 * unset or empty filter keeps every row); then applies the `from`/`to` window on `timeColumn`,
 * reads the page (newest first) and the total count, and maps each row with `view`.
 *
 * @example
 * ```ts
 * const { status, target, kind } = input;
 * return readPage(db.selectFrom("outbox"), { status, target, kind }, "created_at", input, outboxView);
 * ```
 */
export async function readPage<T extends ListTable, Row, V>(
  // deno-lint-ignore ban-types
  q: SelectQueryBuilder<Database, T, {}>,
  equals: { [C in keyof Database[T] & string]?: string },
  timeColumn: "created_at" | "received_at",
  input: PageRequest,
  view: (row: Row) => V,
): Promise<Page<V>> {
  for (const [column, value] of Object.entries<string | undefined>(equals)) {
    if (value) q = q.where(sql<boolean>`${sql.ref(column)} = ${value}`);
  }
  const at = sql.ref(timeColumn);
  if (input.from) q = q.where(sql<boolean>`${at} >= ${new Date(input.from)}`);
  if (input.to) q = q.where(sql<boolean>`${at} < ${new Date(input.to)}`);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy(at, "desc").orderBy(sql.ref("id"))
      .limit(input.limit).offset(pageOffset(input.page, input.limit)).execute(),
    q.select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return pageOf((rows as Row[]).map(view), input, Number((count as { n: number }).n));
}
