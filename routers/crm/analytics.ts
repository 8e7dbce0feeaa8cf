/**
 * Dashboard numbers, scoped like every other read (an engineer's visit counts are their own).
 * "In work" means INTEREST or CALLBACK — the funnel between first contact and a result; seed
 * 002 counted something else.
 *
 * @module
 */
import { sql } from "kysely";
import { z } from "zod";
import { OBJECT_STATUSES } from "../../db/schema_crm.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { type CrmCaller, customerScope, objectScope, visitScope } from "./caller.ts";

/** `GET /analytics/summary?period=`. */
export const summaryQuery = z.object({
  period: z.enum(["day", "week", "month", "quarter", "year", "all"]).default("month"),
});

const DAYS = { day: 1, week: 7, month: 30, quarter: 91, year: 365 } as const;

/** Statuses counted as "in work". */
export const IN_WORK = ["INTEREST", "CALLBACK"] as const;

/** Objects by status, visits and customers of the period, in the caller's scope. */
export async function summary(
  deps: Pick<AppDeps, "db">,
  caller: CrmCaller,
  period: z.output<typeof summaryQuery>["period"],
) {
  const since = period === "all" ? null : new Date(Date.now() - DAYS[period] * 86_400_000);
  const db = deps.db;
  const [byStatus, visits, customers] = await Promise.all([
    db.selectFrom("crm_objects").select(["status", sql<number>`count(*)::int`.as("n")])
      .where("deleted_at", "is", null).where(objectScope(caller)).groupBy("status").execute(),
    db.selectFrom("crm_visits").select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`count(*) filter (where status = 'DONE')::int`.as("done"),
      sql<number>`count(*) filter (where status = 'CANCELLED')::int`.as("cancelled"),
      sql<number>`count(*) filter (where status in ('PLANNED','IN_PROGRESS'))::int`.as("open"),
      sql<number>`count(*) filter (where next_action_due_at <= now())::int`.as("due"),
    ]).where("deleted_at", "is", null).where(visitScope(caller))
      .$if(!!since, (qb) => qb.where("created_at", ">=", since!)).executeTakeFirstOrThrow(),
    db.selectFrom("crm_customers").select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`count(*) filter (where gdpr_consent)::int`.as("consented"),
    ]).where("deleted_at", "is", null).where(customerScope(caller))
      .$if(!!since, (qb) => qb.where("created_at", ">=", since!)).executeTakeFirstOrThrow(),
  ]);
  const objects_by_status = Object.fromEntries(OBJECT_STATUSES.map((s) => [s, 0])) as Record<
    string,
    number
  >;
  for (const r of byStatus) objects_by_status[r.status] = r.n;
  return {
    period,
    since: since?.toISOString() ?? null,
    objects_total: byStatus.reduce((a, r) => a + r.n, 0),
    objects_by_status,
    objects_in_work: IN_WORK.reduce((a, s) => a + objects_by_status[s], 0),
    visits_total: visits.total,
    visits_done: visits.done,
    visits_cancelled: visits.cancelled,
    visits_open: visits.open,
    visits_next_action_due: visits.due,
    customers_total: customers.total,
    customers_with_consent: customers.consented,
  };
}

/** Objects per city and status, for the cities in the caller's scope. */
export async function objectsByCity(deps: Pick<AppDeps, "db">, caller: CrmCaller) {
  const rows = await deps.db.selectFrom("crm_objects")
    .innerJoin("crm_cities", "crm_cities.id", "crm_objects.city_id")
    .select([
      "crm_objects.city_id",
      "crm_cities.name as city_name",
      "crm_objects.status",
      sql<number>`count(*)::int`.as("n"),
    ])
    .where("crm_objects.deleted_at", "is", null).where(objectScope(caller))
    .groupBy(["crm_objects.city_id", "crm_cities.name", "crm_objects.status"])
    .orderBy("crm_cities.name").execute();
  const cities = new Map<
    string,
    { city_id: string; city_name: string; total: number; by_status: Record<string, number> }
  >();
  for (const r of rows) {
    const c = cities.get(r.city_id) ??
      { city_id: r.city_id, city_name: r.city_name, total: 0, by_status: {} };
    c.total += r.n;
    c.by_status[r.status] = r.n;
    cities.set(r.city_id, c);
  }
  return [...cities.values()];
}
