/**
 * Reading the rows of a report, for exports of any size and for previews: first the ids in
 * report order (the entity's list query: same scope, same filters, same sort), then the rows
 * in chunks of {@link CHUNK} with the names a reader wants (city, engineer, object address).
 * Memory stays at one chunk plus the id list, whichever database runs it (the embedded one
 * cannot stream a cursor).
 *
 * @module
 */
import { type SelectQueryBuilder, sql } from "kysely";
import type { Database, Db } from "../../db/database.ts";
import type { CrmCustomerRow, CrmObjectRow, CrmVisitRow } from "../../db/schema_crm.ts";
import { type CrmCaller, piiView } from "../crm/caller.ts";
import { customerQuery } from "../crm/customers.ts";
import { objectQuery } from "../crm/objects.ts";
import { sorted } from "../crm/query.ts";
import { customerView, objectView, type PiiView, visitView } from "../crm/serialize.ts";
import { visitQuery } from "../crm/visits.ts";
import { type ExportInput, REPORT_SOURCES, type ReportRow } from "./sources.ts";

/** Rows fetched per query. */
export const CHUNK = 1000;

type Synced = "crm_objects" | "crm_visits" | "crm_customers";

/** The entity's list query behind a report: the same scope and filters as its list. */
function listQuery(db: Db, caller: CrmCaller, input: ExportInput) {
  const query = input.entity === "objects"
    ? objectQuery(db, caller, input.filters)
    : input.entity === "visits"
    ? visitQuery(db, caller, input.filters)
    : customerQuery(db, caller, input.filters);
  // The three differ only in their table; a report reads just `id` and a count from them.
  // deno-lint-ignore ban-types
  return query as unknown as SelectQueryBuilder<Database, Synced, {}>;
}

/** The ids of a report's rows, in report order. */
export async function reportIds(
  db: Db,
  caller: CrmCaller,
  input: ExportInput,
  limit?: number,
): Promise<string[]> {
  const rows = await sorted(listQuery(db, caller, input).select("id"), input.sort)
    .limit(limit ?? 1e9).execute();
  return rows.map((r) => r.id);
}

/** How many rows a report has. */
export async function reportCount(db: Db, caller: CrmCaller, input: ExportInput): Promise<number> {
  const row = await listQuery(db, caller, input).select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

type JoinedRow = { id: string } & Record<string, unknown>;

/** How one entity's report rows are read: its rows joined with names, and its API view. */
interface RowReader {
  fetch(db: Db, ids: string[]): Promise<JoinedRow[]>;
  view(row: JoinedRow, view: PiiView): ReportRow;
  /** The joined names a reader wants beside the view. */
  names: string[];
}

const READERS: Record<ExportInput["entity"], RowReader> = {
  objects: {
    fetch: (db, ids) =>
      db.selectFrom("crm_objects")
        .innerJoin("crm_cities", "crm_cities.id", "crm_objects.city_id")
        .leftJoin("crm_districts", "crm_districts.id", "crm_objects.district_id")
        .leftJoin("users", "users.id", "crm_objects.responsible_user_id")
        .selectAll("crm_objects")
        .select(["crm_cities.name as city_name", "crm_districts.name as district_name"])
        .select("users.name as responsible_name")
        .where("crm_objects.id", "in", ids).execute(),
    view: (row, view) => objectView(row as CrmObjectRow, view),
    names: ["city_name", "district_name", "responsible_name"],
  },
  visits: {
    fetch: (db, ids) =>
      db.selectFrom("crm_visits")
        .innerJoin("crm_objects", "crm_objects.id", "crm_visits.object_id")
        .innerJoin("users", "users.id", "crm_visits.engineer_id")
        .selectAll("crm_visits")
        .select(["crm_objects.address as object_address", "users.name as engineer_name"])
        .where("crm_visits.id", "in", ids).execute(),
    view: (row, view) => visitView(row as CrmVisitRow, view),
    names: ["object_address", "engineer_name"],
  },
  customers: {
    fetch: (db, ids) =>
      db.selectFrom("crm_customers")
        .innerJoin("crm_objects", "crm_objects.id", "crm_customers.object_id")
        .selectAll("crm_customers")
        .select("crm_objects.address as object_address")
        .where("crm_customers.id", "in", ids).execute(),
    view: (row, view) => customerView(row as CrmCustomerRow, view),
    names: ["object_address"],
  },
};

/** The report rows of `ids` (API views, masked for `caller`, plus names), in `ids` order. */
export async function reportRows(
  db: Db,
  caller: CrmCaller,
  entity: ExportInput["entity"],
  ids: string[],
): Promise<ReportRow[]> {
  if (!ids.length) return [];
  const reader = READERS[entity];
  const view = piiView(caller);
  const byId = new Map<string, ReportRow>();
  for (const row of await reader.fetch(db, ids)) {
    const names = Object.fromEntries(reader.names.map((k) => [k, row[k]]));
    byId.set(row.id, { ...reader.view(row, view), ...names });
  }
  return ids.map((id) => byId.get(id)).filter((r): r is ReportRow => r !== undefined);
}

/** The columns of a request: the chosen ones, or all of the entity's. */
export function reportColumns(input: ExportInput) {
  const all = REPORT_SOURCES[input.entity].columns;
  return (input.columns ?? Object.keys(all)).map((key) => ({ key, ...all[key] }));
}
