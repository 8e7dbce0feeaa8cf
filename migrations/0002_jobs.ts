// Frozen: never edit after it lands; add a new migration instead.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("jobs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn(
      "status",
      "text",
      (c) =>
        c.notNull().defaultTo("queued").check(
          sql`status in ('queued','running','done','failed','dead')`,
        ),
    )
    .addColumn("dedup_key", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("max_attempts", "integer", (c) => c.notNull().check(sql`max_attempts >= 1`))
    .addColumn("run_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn(
      "progress",
      "integer",
      (c) => c.notNull().defaultTo(0).check(sql`progress between 0 and 100`),
    )
    .addColumn("progress_message", "text")
    .addColumn("result", "jsonb")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .execute();
  // One live job per business key: a second enqueue finds the first (a dead one may be redone).
  await sql`create unique index jobs_dedup on jobs (type, dedup_key)
    where dedup_key is not null and status <> 'dead'`.execute(db);
  await sql`create index jobs_due on jobs (run_at) where status in ('queued','failed')`
    .execute(db);
  await sql`create index jobs_lease on jobs (locked_until) where status = 'running'`.execute(db);
  await db.schema.createIndex("jobs_status_created").on("jobs")
    .columns(["status", "created_at"]).execute();
  await db.schema.createIndex("jobs_type_created").on("jobs").columns(["type", "created_at"])
    .execute();
  await db.schema.createIndex("jobs_created_by").on("jobs").columns(["created_by", "created_at"])
    .execute();

  // Live workers of every instance, so /worker/health can say whether anyone consumes the queue.
  await db.schema
    .createTable("job_workers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("backend", "text", (c) => c.notNull())
    .addColumn("hostname", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("concurrency", "integer", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("heartbeat_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("job_workers").execute();
  await db.schema.dropTable("jobs").execute();
}
