// Frozen: never edit after it lands; add a new migration instead.
// Seed 000 Walking Warehouse, persisted (the original kept it in process memory).
import { type Kysely, sql } from "kysely";

const ORDER_STATUSES = sql`('NEW','ASSIGNED','IN_TRANSIT','DONE','REJECTED','DECLINED')`;

// deno-lint-ignore no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("ww_couriers")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`btrim(id) <> ''`))
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("phone", "text")
    .addColumn("is_active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("user_id", "uuid", (c) => c.unique().references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("ww_orders")
    .addColumn("id", "text", (c) => c.primaryKey().check(sql`btrim(id) <> ''`))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("customer_name", "text", (c) => c.notNull())
    .addColumn(
      "status",
      "text",
      (c) => c.notNull().defaultTo("NEW").check(sql`status in ${ORDER_STATUSES}`),
    )
    .addColumn("courier_id", "text", (c) => c.references("ww_couriers.id").onDelete("restrict"))
    .addColumn(
      "currency_code",
      "text",
      (c) => c.notNull().defaultTo("RUB").check(sql`currency_code ~ '^[A-Z]{3}$'`),
    )
    .addColumn("total_kopecks", "bigint", (c) => c.notNull().check(sql`total_kopecks >= 0`))
    .addColumn("notes", "text")
    .addColumn("created_by", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("onec_document_id", "text")
    .addColumn("onec_posted_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("ww_orders_created").on("ww_orders")
    .columns(["created_at desc", "id desc"]).execute();
  await db.schema.createIndex("ww_orders_status").on("ww_orders").column("status").execute();
  await db.schema.createIndex("ww_orders_courier").on("ww_orders").column("courier_id").execute();

  await db.schema
    .createTable("ww_order_items")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn(
      "order_id",
      "text",
      (c) => c.notNull().references("ww_orders.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull().check(sql`position >= 0`))
    .addColumn("sku", "text", (c) => c.notNull().check(sql`btrim(sku) <> ''`))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("qty", "integer", (c) => c.notNull().check(sql`qty > 0`))
    .addColumn("price_kopecks", "bigint", (c) => c.notNull().check(sql`price_kopecks >= 0`))
    .addUniqueConstraint("ww_order_items_position", ["order_id", "position"])
    .execute();

  await db.schema
    .createTable("ww_assignments")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn(
      "order_id",
      "text",
      (c) => c.notNull().references("ww_orders.id").onDelete("cascade"),
    )
    .addColumn(
      "courier_id",
      "text",
      (c) => c.notNull().references("ww_couriers.id").onDelete("restrict"),
    )
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("PENDING")
        .check(sql`status in ('PENDING','ACCEPTED','DECLINED','CANCELLED')`))
    .addColumn("reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // At most one live (offered or accepted) assignment per order.
  await db.schema.createIndex("ww_assignments_live").on("ww_assignments").column("order_id")
    .unique().where(sql.ref("status"), "in", sql`('PENDING','ACCEPTED')`).execute();
  await db.schema.createIndex("ww_assignments_courier").on("ww_assignments")
    .columns(["courier_id", "status"]).execute();

  await db.schema
    .createTable("ww_order_logs")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn(
      "order_id",
      "text",
      (c) => c.notNull().references("ww_orders.id").onDelete("cascade"),
    )
    .addColumn("from_status", "text", (c) => c.check(sql`from_status in ${ORDER_STATUSES}`))
    .addColumn("to_status", "text", (c) => c.notNull().check(sql`to_status in ${ORDER_STATUSES}`))
    .addColumn("lat", "double precision", (c) => c.check(sql`lat between -90 and 90`))
    .addColumn("lon", "double precision", (c) => c.check(sql`lon between -180 and 180`))
    .addColumn("note", "text")
    .addColumn("actor_id", "uuid", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("ww_order_logs_order").on("ww_order_logs").columns(["order_id", "id"])
    .execute();
}

// deno-lint-ignore no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("ww_order_logs").execute();
  await db.schema.dropTable("ww_assignments").execute();
  await db.schema.dropTable("ww_order_items").execute();
  await db.schema.dropTable("ww_orders").execute();
  await db.schema.dropTable("ww_couriers").execute();
}
