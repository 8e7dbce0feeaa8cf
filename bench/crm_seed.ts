/**
 * Data for the CRM benchmark, written set-based (one INSERT … SELECT generate_series per table)
 * so seeding 100,000 visits takes seconds, not 100,000 round trips.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../db/database.ts";

/** How much to seed. */
export interface SeedSize {
  objects: number;
  customers: number;
  visits: number;
}

/** What was seeded. */
export interface Seeded {
  cityIds: string[];
  objectIds: string[];
}

/** Seeds objects in every city, customers with unique phones, and visits of `engineerId`. */
export async function seedCrm(
  db: Db,
  engineerId: string,
  size: SeedSize,
): Promise<Seeded> {
  const cities = await db.selectFrom("crm_cities").select("id").orderBy("name").execute();
  const cityIds = cities.map((c) => c.id);
  await sql`insert into crm_objects (type, address, city_id, status, gps_lat, gps_lng, tags,
      contact_name, contact_phone, created_by, updated_by)
    select (array['MKD','HOTEL','CAFE','SCHOOL','OTHER'])[1 + g % 5],
      'ул. Нагрузочная, д. ' || g, (${sql.val(cityIds)}::uuid[])[1 + g % ${cityIds.length}],
      (array['NEW','INTEREST','CALLBACK','REJECTED','DONE'])[1 + (g / 7) % 5],
      55 + (g % 1000) / 1000.0, 37 + (g % 997) / 1000.0, array['bench']::text[],
      'Контакт ' || g, '+7900' || lpad(g::text, 7, '0'), ${engineerId}::uuid, ${engineerId}::uuid
    from generate_series(1, ${size.objects}) g`.execute(db);
  const objectIds = (await db.selectFrom("crm_objects").select("id").orderBy("id").limit(1000)
    .execute()).map((o) => o.id);
  await sql`insert into crm_customers (object_id, full_name, phone, interests, provider_rating,
      created_by, updated_by)
    select (${sql.val(objectIds)}::uuid[])[1 + g % ${objectIds.length}], 'Клиент ' || g,
      '+7910' || lpad(g::text, 7, '0'), array['INTERNET','TV']::text[], 1 + g % 5,
      ${engineerId}::uuid, ${engineerId}::uuid
    from generate_series(1, ${size.customers}) g`.execute(db);
  await sql`insert into crm_visits (object_id, engineer_id, status, interests, scheduled_at,
      outcome_text, created_by, updated_by)
    select (${sql.val(objectIds)}::uuid[])[1 + g % ${objectIds.length}], ${engineerId}::uuid,
      (array['PLANNED','IN_PROGRESS','DONE','CANCELLED'])[1 + g % 4], array['INTERNET']::text[],
      now() - make_interval(mins => g), 'Итог визита ' || g, ${engineerId}::uuid,
      ${engineerId}::uuid
    from generate_series(1, ${size.visits}) g`.execute(db);
  await sql`analyze crm_objects`.execute(db);
  await sql`analyze crm_customers`.execute(db);
  await sql`analyze crm_visits`.execute(db);
  return { cityIds, objectIds };
}
