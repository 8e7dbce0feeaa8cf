/**
 * Offline pull (`GET /sync/changes`): every change of a synced row the caller may see, in
 * change-sequence order, one page at a time. Each row appears with its latest state (several
 * edits between two pulls arrive once); a deleted row arrives as a tombstone
 * (`action: "delete"`, no data). Rows are scoped exactly like the lists (an engineer gets
 * their own visits and the objects and customers of their cities) and masked by the same
 * serializer.
 *
 * `next_cursor` is the sequence number of the last change returned; because writers commit in
 * sequence order (see `routers/crm/locking.ts`), no change can later appear below it. Old
 * clients may still send seed 002's `since` timestamp for their first page.
 *
 * @module
 */
import type { Selectable } from "kysely";
import type { Database, Db } from "../../db/database.ts";
import type { SyncTableName } from "../../db/schema_crm.ts";
import { type CrmCaller, customerScope, objectScope, piiView, visitScope } from "../crm/caller.ts";
import { customerView, objectView, visitView } from "../crm/serialize.ts";
import { type ChangesQuery, SYNC_TABLES } from "./schemas.ts";

/** One change. */
export interface Change {
  change_seq: string;
  table_name: SyncTableName;
  id: string;
  /** `update` (the row now looks like `data`) or `delete` (a tombstone). */
  action: "update" | "delete";
  version: number;
  updated_at: string;
  data: Record<string, unknown> | null;
}

/** A page of changes. */
export interface ChangesPage {
  items: Change[];
  /** Pass as `cursor` for the next page. */
  next_cursor: string;
  has_more: boolean;
}

type Row = Selectable<Database["crm_objects" | "crm_visits" | "crm_customers"]>;

function fetch(db: Db, caller: CrmCaller, table: SyncTableName, q: ChangesQuery, limit: number) {
  const after = q.cursor ?? 0;
  const since = q.cursor === undefined ? q.since : undefined;
  switch (table) {
    case "objects":
      return db.selectFrom("crm_objects").selectAll().where(objectScope(caller))
        .where("change_seq", ">", after)
        .$if(!!since, (qb) => qb.where("updated_at", ">=", since!))
        .orderBy("change_seq").limit(limit).execute();
    case "visits":
      return db.selectFrom("crm_visits").selectAll().where(visitScope(caller))
        .where("change_seq", ">", after)
        .$if(!!since, (qb) => qb.where("updated_at", ">=", since!))
        .orderBy("change_seq").limit(limit).execute();
    case "customers":
      return db.selectFrom("crm_customers").selectAll().where(customerScope(caller))
        .where("change_seq", ">", after)
        .$if(!!since, (qb) => qb.where("updated_at", ">=", since!))
        .orderBy("change_seq").limit(limit).execute();
  }
}

function toChange(table: SyncTableName, row: Row, caller: CrmCaller): Change {
  const view = piiView(caller);
  const deleted = row.deleted_at !== null;
  const data = deleted
    ? null
    : table === "objects"
    ? objectView(row as Selectable<Database["crm_objects"]>, view)
    : table === "visits"
    ? visitView(row as Selectable<Database["crm_visits"]>, view)
    : customerView(row as Selectable<Database["crm_customers"]>, view);
  return {
    change_seq: String(row.change_seq),
    table_name: table,
    id: row.id,
    action: deleted ? "delete" : "update",
    version: row.version,
    updated_at: row.updated_at.toISOString(),
    data,
  };
}

/** One page of changes after `q.cursor` (or at/after `q.since`), oldest first. */
export async function listChanges(
  deps: { db: Db },
  caller: CrmCaller,
  q: ChangesQuery,
): Promise<ChangesPage> {
  const tables = q.tables?.length ? [...new Set(q.tables)] : [...SYNC_TABLES];
  // One more row than asked per table tells whether anything is left after this page.
  const perTable = await Promise.all(
    tables.map(async (t) =>
      (await fetch(deps.db, caller, t, q, q.limit + 1)).map((row) => ({ t, row }))
    ),
  );
  const merged = perTable.flat().sort((a, b) => a.row.change_seq - b.row.change_seq);
  const page = merged.slice(0, q.limit);
  const items = page.map(({ t, row }) => toChange(t, row, caller));
  let next = items.length ? items[items.length - 1].change_seq : String(q.cursor ?? 0);
  if (!items.length && q.cursor === undefined) next = String(await committedHorizon(deps.db));
  return { items, next_cursor: next, has_more: merged.length > q.limit };
}

/**
 * The highest change sequence visible now. Every change below it has committed (a writer
 * holds the write lock from taking its number to committing), so a `since` client with
 * nothing new may continue from here.
 */
async function committedHorizon(db: Db): Promise<number> {
  const row = await db.selectNoFrom((eb) => [
    eb.selectFrom("crm_objects").select((e) => e.fn.max("change_seq").as("m")).as("o"),
    eb.selectFrom("crm_visits").select((e) => e.fn.max("change_seq").as("m")).as("v"),
    eb.selectFrom("crm_customers").select((e) => e.fn.max("change_seq").as("m")).as("c"),
  ]).executeTakeFirstOrThrow();
  return Math.max(0, ...[row.o, row.v, row.c].map((v) => Number(v ?? 0)));
}
