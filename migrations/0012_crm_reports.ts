// Frozen: never edit after it lands; add a new migration instead.
// Field CRM (seed 002): XLSX report jobs, linked to the platform's `jobs` rows.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table crm_report_jobs (
      id uuid primary key default gen_random_uuid(),
      owner_id uuid not null references users(id) on delete cascade,
      entity text not null check (entity in ('objects', 'visits', 'customers')),
      filters jsonb not null default '{}',
      columns text[] not null,
      sort text not null,
      dedup_key text not null,
      status text not null default 'pending'
        check (status in ('pending', 'processing', 'done', 'failed', 'expired')),
      job_id uuid,
      storage_key text,
      file_name text,
      file_size bigint,
      row_count integer,
      error_message text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      completed_at timestamptz,
      expires_at timestamptz
    )`.execute(db);
  await sql`create index crm_report_jobs_owner on crm_report_jobs (owner_id, created_at desc)`
    .execute(db);
  await sql`create index crm_report_jobs_dedup on crm_report_jobs (dedup_key, created_at desc)`
    .execute(db);
  await sql`create index crm_report_jobs_expiry on crm_report_jobs (expires_at)
    where status = 'done'`.execute(db);
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists crm_report_jobs`.execute(db);
}
