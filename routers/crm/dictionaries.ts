/**
 * Cities and districts (seeded by migration 0011). Seed 002 served them without auth; here
 * any CRM user may read them, nobody else.
 *
 * @module
 */
import type { Db } from "../../db/database.ts";

/** All cities, by name. */
export async function listCities(db: Db) {
  return await db.selectFrom("crm_cities").select(["id", "name"]).orderBy("name").execute();
}

/** Districts, of one city when `cityId` is given, by city then name. */
export async function listDistricts(db: Db, cityId?: string) {
  return await db.selectFrom("crm_districts").select(["id", "city_id", "name"])
    .$if(!!cityId, (qb) => qb.where("city_id", "=", cityId!))
    .orderBy("city_id").orderBy("name").execute();
}
