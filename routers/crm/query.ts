/**
 * Query pieces the CRM lists share: one page plus the total, sorting by a whitelisted column,
 * and the "near a point" filter that the GIST index on `point(gps_lng, gps_lat)` serves.
 *
 * @module
 */
import { type Selectable, type SelectQueryBuilder, sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { pageOffset, type PageQuery } from "../../platform/paging.ts";
import { sortOf } from "./schemas/common.ts";

type Synced = "crm_objects" | "crm_visits" | "crm_customers";

/**
 * One page of `base` sorted by `sort` (`-column` for descending, NULLs last, id as tiebreak)
 * and the number of rows matching `base`.
 */
export async function pageRows<T extends Synced>(
  // deno-lint-ignore ban-types
  base: SelectQueryBuilder<Database, T, {}>,
  q: PageQuery,
  sort: string,
): Promise<{ rows: Selectable<Database[T]>[]; total: number }> {
  const [rows, count] = await Promise.all([
    sorted(base.selectAll(), sort)
      .limit(q.limit)
      .offset(pageOffset(q.page, q.limit))
      .execute(),
    base.select(sql<number>`count(*)::int`.as("n")).executeTakeFirst(),
  ]);
  return {
    rows: rows as unknown as Selectable<Database[T]>[],
    total: Number((count as { n?: number } | undefined)?.n ?? 0),
  };
}

/** Orders `qb` by a sort key (`-column` descending), NULLs last, then by id. */
// deno-lint-ignore no-explicit-any
export function sorted<Q extends SelectQueryBuilder<any, any, any>>(qb: Q, sort: string): Q {
  const { column, direction } = sortOf(sort);
  return qb.orderBy(sql`${sql.ref(column)} ${sql.raw(direction)} nulls last`)
    .orderBy(sql`id`) as Q;
}

const EARTH_KM = 6371;
const KM_PER_DEGREE = 111.32;

/**
 * Objects within `radiusKm` of a point: a bounding box the GIST index answers, then the exact
 * great-circle distance on the few rows inside it.
 */
export function nearFilter(lat: number, lng: number, radiusKm: number) {
  const dLat = radiusKm / KM_PER_DEGREE;
  const dLng = radiusKm / (KM_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
  return sql<boolean>`gps_lat is not null
    and point(gps_lng, gps_lat) <@ box(point(${lng - dLng}, ${lat - dLat}), point(${lng + dLng}, ${
    lat + dLat
  }))
    and 2 * ${EARTH_KM} * asin(sqrt(
      power(sin(radians(gps_lat - ${lat}) / 2), 2) +
      cos(radians(${lat})) * cos(radians(gps_lat)) * power(sin(radians(gps_lng - ${lng}) / 2), 2)
    )) <= ${radiusKm}`;
}
