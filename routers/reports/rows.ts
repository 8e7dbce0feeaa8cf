/**
 * Reading the rows of a report, for exports of any size and for previews: first the ids in
 * report order (the entity's list query: same scope, same filters, same sort), then the rows
 * in chunks of {@link CHUNK} with the names a reader wants (city, engineer, object address).
 * Memory stays at one chunk plus the id list, whichever database runs it (the embedded one
 * cannot stream a cursor).
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CrmCustomerRow, CrmObjectRow, CrmVisitRow } from "../../db/schema_crm.ts";
import { type CrmCaller, piiView } from "../crm/caller.ts";
import { customerQuery } from "../crm/customers.ts";
import { objectQuery } from "../crm/objects.ts";
import { sorted } from "../crm/query.ts";
import { customerView, objectView, visitView } from "../crm/serialize.ts";
import { visitQuery } from "../crm/visits.ts";
import { type ExportInput, REPORT_SOURCES, type ReportRow } from "./sources.ts";

/** Rows fetched per query. */
export const CHUNK = 1000;

/** The ids of a report's rows, in report order. */
export async function reportIds(
  db: Db,
  caller: CrmCaller,
  input: ExportInput,
  limit?: number,
): Promise<string[]> {
  const max = limit ?? 1e9;
  const rows: { id: string }[] = input.entity === "objects"
    ? await sorted(objectQuery(db, caller, input.filters).select("id"), input.sort).limit(max)
      .execute()
    : input.entity === "visits"
    ? await sorted(visitQuery(db, caller, input.filters).select("id"), input.sort).limit(max)
      .execute()
    : await sorted(customerQuery(db, caller, input.filters).select("id"), input.sort).limit(max)
      .execute();
  return rows.map((r) => r.id);
}

/** How many rows a report has. */
export async function reportCount(db: Db, caller: CrmCaller, input: ExportInput): Promise<number> {
  const n = sql<number>`count(*)::int`.as("n");
  const row = input.entity === "objects"
    ? await objectQuery(db, caller, input.filters).select(n).executeTakeFirstOrThrow()
    : input.entity === "visits"
    ? await visitQuery(db, caller, input.filters).select(n).executeTakeFirstOrThrow()
    : await customerQuery(db, caller, input.filters).select(n).executeTakeFirstOrThrow();
  return row.n;
}

/** The report rows of `ids` (API views, masked for `caller`, plus names), in `ids` order. */
export async function reportRows(
  db: Db,
  caller: CrmCaller,
  entity: ExportInput["entity"],
  ids: string[],
): Promise<ReportRow[]> {
  if (!ids.length) return [];
  const view = piiView(caller);
  const byId = new Map<string, ReportRow>();
  if (entity === "objects") {
    const rows = await db.selectFrom("crm_objects")
      .innerJoin("crm_cities", "crm_cities.id", "crm_objects.city_id")
      .leftJoin("crm_districts", "crm_districts.id", "crm_objects.district_id")
      .leftJoin("users", "users.id", "crm_objects.responsible_user_id")
      .selectAll("crm_objects")
      .select(["crm_cities.name as city_name", "crm_districts.name as district_name"])
      .select("users.name as responsible_name")
      .where("crm_objects.id", "in", ids).execute();
    for (const r of rows) {
      byId.set(r.id, {
        ...objectView(r as CrmObjectRow, view),
        city_name: r.city_name,
        district_name: r.district_name,
        responsible_name: r.responsible_name,
      });
    }
  } else if (entity === "visits") {
    const rows = await db.selectFrom("crm_visits")
      .innerJoin("crm_objects", "crm_objects.id", "crm_visits.object_id")
      .innerJoin("users", "users.id", "crm_visits.engineer_id")
      .selectAll("crm_visits")
      .select(["crm_objects.address as object_address", "users.name as engineer_name"])
      .where("crm_visits.id", "in", ids).execute();
    for (const r of rows) {
      byId.set(r.id, {
        ...visitView(r as CrmVisitRow, view),
        object_address: r.object_address,
        engineer_name: r.engineer_name,
      });
    }
  } else {
    const rows = await db.selectFrom("crm_customers")
      .innerJoin("crm_objects", "crm_objects.id", "crm_customers.object_id")
      .selectAll("crm_customers")
      .select("crm_objects.address as object_address")
      .where("crm_customers.id", "in", ids).execute();
    for (const r of rows) {
      byId.set(r.id, {
        ...customerView(r as CrmCustomerRow, view),
        object_address: r.object_address,
      });
    }
  }
  return ids.map((id) => byId.get(id)).filter((r): r is ReportRow => r !== undefined);
}

/** The columns of a request: the chosen ones, or all of the entity's. */
export function reportColumns(input: ExportInput) {
  const all = REPORT_SOURCES[input.entity].columns;
  return (input.columns ?? Object.keys(all)).map((key) => ({ key, ...all[key] }));
}
