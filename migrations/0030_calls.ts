// Frozen: never edit after it lands; add a new migration instead.
// Seed 000 "B24 Transcribe": export runs with their listing checkpoints, one call record per
// (call id, record id) across all runs, transcripts with a Russian full-text index, and the
// shared slot clock of the Bitrix24 rate limit.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("call_export_runs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("period_from", "timestamptz", (c) => c.notNull())
    .addColumn("period_to", "timestamptz", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending")
        .check(sql`status in ('pending','in_progress','completed','error','cancelled')`))
    .addColumn("options", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("actor_user_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("job_id", "uuid")
    .addColumn("summary", "jsonb")
    .addColumn("csv_path", "text")
    .addColumn("report_path", "text")
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("call_export_runs_period", sql`period_to >= period_from`)
    .execute();
  await db.schema.createIndex("call_export_runs_created").on("call_export_runs")
    .column("created_at desc").execute();

  await db.schema
    .createTable("call_export_windows")
    .addColumn(
      "run_id",
      "uuid",
      (c) => c.notNull().references("call_export_runs.id").onDelete("cascade"),
    )
    .addColumn("window_from", "timestamptz", (c) => c.notNull())
    .addColumn("window_to", "timestamptz", (c) => c.notNull())
    .addColumn("calls", "integer", (c) => c.notNull().check(sql`calls >= 0`))
    .addColumn("no_recording", "integer", (c) => c.notNull().check(sql`no_recording >= 0`))
    .addColumn("unreadable", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("listed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("call_export_windows_pk", ["run_id", "window_from"])
    .execute();

  await db.schema
    .createTable("call_records")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("run_id", "uuid", (c) => c.notNull().references("call_export_runs.id"))
    .addColumn("transcribed_run_id", "uuid", (c) => c.references("call_export_runs.id"))
    .addColumn(
      "call_id",
      "text",
      (c) => c.notNull().check(sql`btrim(call_id) <> '' and length(call_id) <= 256`),
    )
    .addColumn(
      "record_id",
      "text",
      (c) => c.notNull().check(sql`btrim(record_id) <> '' and length(record_id) <= 256`),
    )
    .addColumn("record_file_id", "text")
    .addColumn("recording_url", "text")
    .addColumn(
      "direction",
      "text",
      (c) => c.notNull().check(sql`direction in ('inbound','outbound','internal')`),
    )
    .addColumn("from_number", "text", (c) => c.notNull().check(sql`btrim(from_number) <> ''`))
    .addColumn("to_number", "text", (c) => c.notNull().check(sql`btrim(to_number) <> ''`))
    .addColumn("employee_id", "text", (c) => c.check(sql`length(employee_id) <= 128`))
    .addColumn("call_started_at", "timestamptz", (c) => c.notNull())
    .addColumn("duration_sec", "integer", (c) => c.notNull().check(sql`duration_sec >= 0`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(
        sql`status in ('pending','queued','downloaded','transcribing','transcribed','completed','skipped','error')`,
      ))
    .addColumn("skip_reason", "text")
    .addColumn("error_code", "text")
    .addColumn("error_message", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("stt_requests", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_attempt_at", "timestamptz")
    .addColumn("raw_path", "text")
    .addColumn("checksum", "text")
    .addColumn("audio_bytes", "bigint")
    .addColumn("transcript_path", "text")
    .addColumn("summary_path", "text")
    .addColumn("text_preview", "text", (c) => c.check(sql`octet_length(text_preview) <= 1024`))
    .addColumn("language", "text")
    .addColumn("billed_minutes", "integer", (c) => c.check(sql`billed_minutes >= 0`))
    .addColumn("cost_micros", "bigint", (c) => c.check(sql`cost_micros >= 0`))
    .addColumn("currency_code", "text", (c) => c.notNull().defaultTo("USD"))
    .addColumn("transcribed_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("call_records_business_key", ["call_id", "record_id"])
    .execute();
  await db.schema.createIndex("call_records_started").on("call_records")
    .columns(["call_started_at", "id"]).execute();
  await db.schema.createIndex("call_records_run_status").on("call_records")
    .columns(["run_id", "status"]).execute();
  await db.schema.createIndex("call_records_employee").on("call_records")
    .columns(["employee_id", "call_started_at"]).execute();

  await db.schema
    .createTable("call_transcripts")
    .addColumn(
      "record_id",
      "uuid",
      (c) => c.primaryKey().references("call_records.id").onDelete("cascade"),
    )
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("language", "text")
    .addColumn("duration_sec", "double precision")
    .addColumn("segments", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index call_transcripts_fts on call_transcripts
    using gin (to_tsvector('russian', text))`.execute(db);

  await db.schema
    .createTable("b24_rate_slots")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("next_free", "timestamptz", (c) => c.notNull())
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("b24_rate_slots").execute();
  await db.schema.dropTable("call_transcripts").execute();
  await db.schema.dropTable("call_records").execute();
  await db.schema.dropTable("call_export_windows").execute();
  await db.schema.dropTable("call_export_runs").execute();
}
