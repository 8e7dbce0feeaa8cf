// Frozen: never edit after it lands; add a new migration instead.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn(
      "status",
      "text",
      (c) =>
        c.notNull().defaultTo("pending").check(
          sql`status in ('pending','delivering','sent','dead')`,
        ),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("result", "jsonb")
    .addColumn("job_id", "uuid", (c) => c.references("jobs.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .addUniqueConstraint("outbox_target_key", ["target", "key"])
    .execute();
  await db.schema.createIndex("outbox_status_created").on("outbox")
    .columns(["status", "created_at"]).execute();

  await db.schema
    .createTable("inbox")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("delivery_id", "text", (c) => c.notNull())
    .addColumn("handler_type", "text", (c) => c.notNull())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn(
      "status",
      "text",
      (c) =>
        c.notNull().defaultTo("received").check(
          sql`status in ('received','processing','processed','dead')`,
        ),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("result", "jsonb")
    .addColumn("job_id", "uuid", (c) => c.references("jobs.id").onDelete("set null"))
    .addColumn("duplicates", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("processed_at", "timestamptz")
    .addUniqueConstraint("inbox_source_delivery", ["source", "delivery_id"])
    .execute();
  await db.schema.createIndex("inbox_status_received").on("inbox")
    .columns(["status", "received_at"]).execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("inbox").execute();
  await db.schema.dropTable("outbox").execute();
}
