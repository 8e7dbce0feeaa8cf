/**
 * WW delivery orders: create, read, list and edit. Status changes live in `status.ts`, courier
 * assignment in `assignments.ts`. A courier (a user linked to a WW courier) sees only the
 * orders of that courier; managers see all.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database.ts";
import type { AssignmentRow, OrderItemRow, OrderRow } from "../../db/schema_returns.ts";
import { escapeLike } from "../../db/like.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import { pageWindow, type SizedPage, sizedPageOf } from "../../platform/paging.ts";
import { isManager } from "../returns/roles.ts";
import { courierOfUser, loadCourier, type WwDeps } from "./couriers.ts";
import { formatKopecks } from "./money.ts";
import type {
  AssignmentOutput,
  OrderInput,
  orderListQuery,
  OrderOutput,
  OrderPatch,
} from "./schemas.ts";
import { writeStatusLog } from "./status_log.ts";
import type { z } from "zod";

/** The audit entity name of an order. */
export const ORDER_ENTITY = "ww_order";

/** The 404 of an unknown (or, for a courier, someone else's) order. */
export function orderNotFound(id: string): AppError {
  return new AppError("NOT_FOUND", `Order ${id} was not found`, { title: "Order not found" });
}

/** Shapes an assignment (an offer to a courier) for the API. */
export function toAssignmentOutput(a: AssignmentRow): AssignmentOutput {
  return {
    id: a.id,
    courier_id: a.courier_id,
    status: a.status,
    reason: a.reason,
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString(),
  };
}

/** Shapes an order, its items (in order) and its live assignment for the API. */
export function toOrderOutput(
  row: OrderRow,
  items: OrderItemRow[],
  assignment: AssignmentRow | undefined,
): OrderOutput {
  return {
    id: row.id,
    title: row.title,
    customer_name: row.customer_name,
    status: row.status,
    courier_id: row.courier_id,
    currency_code: row.currency_code,
    total_amount: formatKopecks(Number(row.total_kopecks)),
    notes: row.notes,
    items: items.map((i) => ({
      sku: i.sku,
      name: i.name,
      qty: i.qty,
      price: formatKopecks(Number(i.price_kopecks)),
    })),
    assignment: assignment ? toAssignmentOutput(assignment) : null,
    onec_document_id: row.onec_document_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

async function detailsOf(db: Db, rows: OrderRow[]): Promise<OrderOutput[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [items, assignments] = await Promise.all([
    db.selectFrom("ww_order_items").selectAll().where("order_id", "in", ids)
      .orderBy("order_id").orderBy("position").execute(),
    db.selectFrom("ww_assignments").selectAll().where("order_id", "in", ids)
      .where("status", "in", ["PENDING", "ACCEPTED"]).execute(),
  ]);
  const itemsOf = Map.groupBy(items, (i) => i.order_id);
  // At most one live assignment per order (a partial unique index).
  const liveOf = new Map(assignments.map((a) => [a.order_id, a]));
  return rows.map((r) => toOrderOutput(r, itemsOf.get(r.id) ?? [], liveOf.get(r.id)));
}

/** Reads an order row, locked when `lock` (inside a transaction), or throws 404. */
export async function loadOrderRow(db: Db, id: string, lock = false): Promise<OrderRow> {
  let q = db.selectFrom("ww_orders").selectAll().where("id", "=", id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw orderNotFound(id);
  return row;
}

/** Reads an order with items and assignment. */
export async function loadOrder(db: Db, id: string): Promise<OrderOutput> {
  return (await detailsOf(db, [await loadOrderRow(db, id)]))[0];
}

/** Throws 404 unless the actor may see the order (managers all; a courier its own). */
export async function requireVisible(
  db: Db,
  actor: Actor,
  order: { id: string; courier_id: string | null },
) {
  if (isManager(actor)) return;
  const mine = await courierOfUser(db, actor.userId);
  if (!mine || order.courier_id !== mine.id) throw orderNotFound(order.id);
}

function sumItems(items: { qty: number; price: number }[]): number {
  return items.reduce((sum, i) => sum + i.qty * i.price, 0);
}

async function insertItems(tx: Tx, orderId: string, items: OrderInput["items"]) {
  await tx.insertInto("ww_order_items").values(items.map((i, position) => ({
    order_id: orderId,
    position,
    sku: i.sku,
    name: i.name,
    qty: i.qty,
    price_kopecks: i.price,
  }))).execute();
}

/**
 * Creates an order in NEW. `total_amount` defaults to Σ qty × price.
 *
 * @throws {AppError} 404 "Courier not found" for an unknown planned courier, 409 "Order
 * already exists" for a taken id
 */
export function createOrder(deps: WwDeps, actor: Actor, input: OrderInput): Promise<OrderOutput> {
  return withTx(deps.db, async (tx) => {
    if (input.courier_id) await loadCourier(tx, input.courier_id);
    const id = input.id ?? crypto.randomUUID();
    const row = await tx.insertInto("ww_orders").values({
      id,
      title: input.title,
      customer_name: input.customer_name,
      courier_id: input.courier_id ?? null,
      currency_code: input.currency_code,
      total_kopecks: input.total_amount ?? sumItems(input.items),
      notes: input.notes ?? null,
      created_by: actor.userId,
    }).onConflict((oc) => oc.column("id").doNothing()).returning("id").executeTakeFirst();
    if (!row) {
      throw new AppError("CONFLICT", `Order ${id} already exists`, {
        title: "Order already exists",
      });
    }
    await insertItems(tx, id, input.items);
    await writeStatusLog(tx, actor, { orderId: id, from: null, to: "NEW" });
    const out = await loadOrder(tx, id);
    await writeAudit(tx, actor, {
      entity: ORDER_ENTITY,
      entityId: id,
      action: "create",
      after: out,
    });
    return out;
  });
}

/** One order, if the actor may see it. */
export async function getOrder(deps: WwDeps, actor: Actor, id: string): Promise<OrderOutput> {
  const order = await loadOrder(deps.db, id);
  await requireVisible(deps.db, actor, order);
  return order;
}

/** A page of orders, newest first; a courier gets only its own. */
export async function listOrders(
  deps: WwDeps,
  actor: Actor,
  query: z.output<typeof orderListQuery>,
): Promise<SizedPage<OrderOutput>> {
  const window = pageWindow(query, deps.config.maxPageSize);
  let base = deps.db.selectFrom("ww_orders");
  if (!isManager(actor)) {
    const mine = await courierOfUser(deps.db, actor.userId);
    base = base.where("courier_id", "=", mine?.id ?? sql<string>`null`);
  }
  if (query.status?.length) base = base.where("status", "in", query.status);
  if (query.courier_id) base = base.where("courier_id", "=", query.courier_id);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    base = base.where((eb) =>
      eb.or([
        eb("id", "ilike", like),
        eb("title", "ilike", like),
        eb("customer_name", "ilike", like),
      ])
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("created_at", "desc").orderBy("id", "desc")
      .limit(window.pageSize).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return sizedPageOf(await detailsOf(deps.db, rows), Number(count.n), window);
}

/**
 * Edits an order that is not finished (DONE or REJECTED orders are history). New `items`
 * replace all lines; when items change and no total is sent, the total is recomputed.
 */
export function updateOrder(
  deps: WwDeps,
  actor: Actor,
  id: string,
  patch: OrderPatch,
): Promise<OrderOutput> {
  return withTx(deps.db, async (tx) => {
    const row = await loadOrderRow(tx, id, true);
    if (row.status === "DONE" || row.status === "REJECTED") {
      throw new AppError("CONFLICT", `Order ${id} is ${row.status} and can no longer change`, {
        title: "Order is closed",
      });
    }
    const before = await loadOrder(tx, id);
    const total = patch.total_amount ?? (patch.items ? sumItems(patch.items) : undefined);
    await tx.updateTable("ww_orders").set({
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.customer_name !== undefined ? { customer_name: patch.customer_name } : {}),
      ...(patch.currency_code !== undefined ? { currency_code: patch.currency_code } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes ?? null } : {}),
      ...(total !== undefined ? { total_kopecks: total } : {}),
      updated_at: sql<Date>`now()`,
    }).where("id", "=", id).execute();
    if (patch.items) {
      await tx.deleteFrom("ww_order_items").where("order_id", "=", id).execute();
      await insertItems(tx, id, patch.items);
    }
    const after = await loadOrder(tx, id);
    await writeAudit(tx, actor, {
      entity: ORDER_ENTITY,
      entityId: id,
      action: "update",
      before,
      after,
    });
    return after;
  });
}
