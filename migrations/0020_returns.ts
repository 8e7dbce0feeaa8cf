// Frozen: never edit after it lands; add a new migration instead.
// Seed 000 returns: a return and its lines, kept in the caller's order by `position`.
import { type Kysely, sql } from "kysely";

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("returns")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending")
        .check(sql`status in ('pending','accepted','rejected','cancelled')`))
    .addColumn(
      "source",
      "text",
      (c) => c.notNull().check(sql`source in ('widget','call_center','warehouse')`),
    )
    .addColumn("courier_id", "text", (c) => c.notNull().check(sql`btrim(courier_id) <> ''`))
    .addColumn("order_id_1c", "text")
    .addColumn("manager_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("comment", "text")
    .addColumn("status_reason", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "timestamptz")
    .addColumn("onec_document_id", "text")
    .addColumn("onec_posted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("returns_created").on("returns")
    .columns(["created_at desc", "id desc"]).execute();
  await db.schema.createIndex("returns_status_created").on("returns")
    .columns(["status", "created_at desc"]).execute();
  await db.schema.createIndex("returns_courier").on("returns").column("courier_id").execute();

  await db.schema
    .createTable("return_lines")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("return_id", "uuid", (c) => c.notNull().references("returns.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull().check(sql`position >= 0`))
    .addColumn("line_id", "uuid", (c) => c.notNull().unique().defaultTo(sql`gen_random_uuid()`))
    .addColumn("sku", "text", (c) => c.notNull().check(sql`btrim(sku) <> ''`))
    .addColumn("qty", "integer", (c) => c.notNull().check(sql`qty > 0`))
    .addColumn(
      "quality",
      "text",
      (c) => c.notNull().check(sql`quality in ('new','defect','unknown')`),
    )
    .addColumn("reason_code", "text", (c) => c.notNull().check(sql`btrim(reason_code) <> ''`))
    .addColumn("reason_note", "text")
    .addColumn("photos", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("imei", "text")
    .addColumn("serial", "text")
    .addUniqueConstraint("return_lines_position", ["return_id", "position"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("return_lines").execute();
  await db.schema.dropTable("returns").execute();
}
