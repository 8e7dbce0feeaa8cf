// Frozen: never edit after it lands; add a new migration instead.
// Field CRM (seed 002): dictionaries, objects, customers, visits, user cities, offline sync.
import { type Kysely, sql } from "kysely";

const OBJECT_TYPES =
  `'MKD','HOTEL','CAFE','SCHOOL','HOSPITAL','BUSINESS_CENTER','SHOPPING_CENTER','OTHER'`;
const OBJECT_STATUSES = `'NEW','INTEREST','CALLBACK','REJECTED','DONE'`;
const VISIT_STATUSES = `'PLANNED','IN_PROGRESS','DONE','CANCELLED'`;
const INTERESTS = `array['INTERNET','TV','CCTV','BABY_MONITOR','OTHER']::text[]`;

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One sequence for every change of a synced row. Writers take the advisory lock below before
  // their first change and keep it to commit, so sequence order is commit order and a reader's
  // cursor never passes a change that commits later.
  await sql`create sequence crm_change_seq`.execute(db);
  await sql`
    create function crm_stamp_change() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(20020);
      new.change_seq := nextval('crm_change_seq');
      new.updated_at := now();
      return new;
    end $$`.execute(db);

  await sql`
    create table crm_cities (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table crm_districts (
      id uuid primary key default gen_random_uuid(),
      city_id uuid not null references crm_cities(id) on delete cascade,
      name text not null,
      created_at timestamptz not null default now(),
      unique (city_id, name)
    )`.execute(db);
  await sql`
    create table crm_user_cities (
      user_id uuid not null references users(id) on delete cascade,
      city_id uuid not null references crm_cities(id) on delete cascade,
      primary key (user_id, city_id)
    )`.execute(db);
  await sql`create index crm_user_cities_city on crm_user_cities (city_id)`.execute(db);

  await sql.raw(`
    create table crm_objects (
      id uuid primary key default gen_random_uuid(),
      type text not null check (type in (${OBJECT_TYPES})),
      address text not null check (char_length(address) between 5 and 500),
      city_id uuid not null references crm_cities(id),
      district_id uuid references crm_districts(id),
      gps_lat double precision check (gps_lat between -90 and 90),
      gps_lng double precision check (gps_lng between -180 and 180),
      status text not null default 'NEW' check (status in (${OBJECT_STATUSES})),
      tags text[] not null default '{}',
      responsible_user_id uuid references users(id),
      contact_name text,
      contact_phone text check (contact_phone ~ '^\\+7[0-9]{10}$'),
      visits_count integer not null default 0 check (visits_count >= 0),
      last_visit_at timestamptz,
      created_by uuid references users(id),
      updated_by uuid references users(id),
      version integer not null default 1 check (version >= 1),
      change_seq bigint not null,
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((gps_lat is null) = (gps_lng is null))
    )`).execute(db);
  for (
    const [name, cols] of [
      ["crm_objects_city", "city_id"],
      ["crm_objects_district", "district_id"],
      ["crm_objects_status", "status"],
      ["crm_objects_city_status", "city_id, status"],
      ["crm_objects_updated", "updated_at"],
      ["crm_objects_responsible", "responsible_user_id"],
      ["crm_objects_change_seq", "change_seq"],
    ]
  ) await sql.raw(`create index ${name} on crm_objects (${cols})`).execute(db);
  // Map and "near" queries: a GIST index on the coordinate pair (core Postgres, no PostGIS).
  await sql`create index crm_objects_gps on crm_objects using gist (point(gps_lng, gps_lat))
    where gps_lat is not null`.execute(db);

  await sql.raw(`
    create table crm_customers (
      id uuid primary key default gen_random_uuid(),
      object_id uuid not null references crm_objects(id),
      unit_id uuid,
      full_name text,
      phone text check (phone ~ '^\\+7[0-9]{10}$'),
      email text,
      portrait_text text,
      current_provider text,
      provider_rating smallint check (provider_rating between 1 and 5),
      satisfied boolean,
      interests text[] not null default '{}' check (interests <@ ${INTERESTS}),
      preferred_call_time text check (preferred_call_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      desired_price_kopecks bigint check (desired_price_kopecks >= 0),
      notes text,
      gdpr_consent boolean not null default false,
      last_interaction_at timestamptz,
      created_by uuid references users(id),
      updated_by uuid references users(id),
      version integer not null default 1 check (version >= 1),
      change_seq bigint not null,
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`).execute(db);
  await sql`create unique index crm_customers_phone_key on crm_customers (phone)
    where deleted_at is null and phone is not null`.execute(db);
  for (
    const [name, cols] of [
      ["crm_customers_object", "object_id"],
      ["crm_customers_created_by", "created_by"],
      ["crm_customers_change_seq", "change_seq"],
    ]
  ) await sql.raw(`create index ${name} on crm_customers (${cols})`).execute(db);

  await sql.raw(`
    create table crm_visits (
      id uuid primary key default gen_random_uuid(),
      object_id uuid not null references crm_objects(id),
      unit_id uuid,
      customer_id uuid references crm_customers(id),
      engineer_id uuid not null references users(id),
      scheduled_at timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      status text not null default 'PLANNED' check (status in (${VISIT_STATUSES})),
      interests text[] not null default '{}' check (interests <@ ${INTERESTS}),
      outcome_text text,
      next_action_due_at timestamptz,
      geo_captured_lat double precision check (geo_captured_lat between -90 and 90),
      geo_captured_lng double precision check (geo_captured_lng between -180 and 180),
      created_by uuid references users(id),
      updated_by uuid references users(id),
      version integer not null default 1 check (version >= 1),
      change_seq bigint not null,
      deleted_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`).execute(db);
  for (
    const [name, cols] of [
      ["crm_visits_object", "object_id"],
      ["crm_visits_engineer", "engineer_id"],
      ["crm_visits_customer", "customer_id"],
      ["crm_visits_status", "status"],
      ["crm_visits_engineer_scheduled", "engineer_id, scheduled_at"],
      ["crm_visits_next_action", "next_action_due_at"],
      ["crm_visits_change_seq", "change_seq"],
    ]
  ) await sql.raw(`create index ${name} on crm_visits (${cols})`).execute(db);

  for (const table of ["crm_objects", "crm_customers", "crm_visits"]) {
    await sql.raw(`create trigger ${table}_stamp before insert or update on ${table}
      for each row execute function crm_stamp_change()`).execute(db);
  }

  // Offline clients' row ids → server ids (so later batches may reference them).
  await sql`
    create table crm_sync_ids (
      client_id uuid primary key,
      table_name text not null,
      server_id uuid not null,
      user_id uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  // Applied mutations, so a retried mutation returns its first result and changes nothing.
  await sql`
    create table crm_sync_mutations (
      user_id uuid not null references users(id) on delete cascade,
      mutation_key text not null,
      result jsonb not null,
      created_at timestamptz not null default now(),
      primary key (user_id, mutation_key)
    )`.execute(db);
  await sql`create index crm_sync_mutations_created on crm_sync_mutations (created_at)`
    .execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (
    const t of [
      "crm_sync_mutations",
      "crm_sync_ids",
      "crm_visits",
      "crm_customers",
      "crm_objects",
      "crm_user_cities",
      "crm_districts",
      "crm_cities",
    ]
  ) await sql.raw(`drop table if exists ${t}`).execute(db);
  await sql`drop function if exists crm_stamp_change()`.execute(db);
  await sql`drop sequence if exists crm_change_seq`.execute(db);
}
