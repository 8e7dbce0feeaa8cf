// Frozen: never edit after it lands; add a new migration instead.
// Seed 002's dictionaries: three cities and their districts.
import { type Kysely, sql } from "kysely";

const CITIES: Record<string, string[]> = {
  "Москва": ["Центральный", "Северный", "Южный", "Западный", "Восточный"],
  "Санкт-Петербург": [
    "Адмиралтейский",
    "Василеостровский",
    "Выборгский",
    "Калининский",
    "Петроградский",
  ],
  "Казань": ["Вахитовский", "Приволжский", "Советский"],
};

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const [city, districts] of Object.entries(CITIES)) {
    await sql`insert into crm_cities (name) values (${city}) on conflict (name) do nothing`
      .execute(db);
    for (const district of districts) {
      await sql`insert into crm_districts (city_id, name)
        select id, ${district} from crm_cities where name = ${city}
        on conflict (city_id, name) do nothing`.execute(db);
    }
  }
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const city of Object.keys(CITIES)) {
    await sql`delete from crm_cities where name = ${city}
      and not exists (select 1 from crm_objects o where o.city_id = crm_cities.id)`.execute(db);
  }
}
