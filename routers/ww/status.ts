/**
 * The WW order state machine (seed 000):
 *
 *     NEW → ASSIGNED | REJECTED
 *     ASSIGNED → IN_TRANSIT | DECLINED | REJECTED
 *     IN_TRANSIT → DONE | REJECTED
 *     DECLINED → NEW
 *
 * Any other move is a 422 "Invalid order status transition". Each move also keeps the
 * courier assignment in step (entering ASSIGNED offers the order to its courier, IN_TRANSIT
 * accepts the offer, DECLINED declines it, REJECTED withdraws it, DECLINED → NEW frees the
 * order), writes the status log and the audit row, all in one transaction.
 *
 * @module
 */
import { sql } from "kysely";
import type { Tx } from "../../db/database.ts";
import type { AssignmentStatus, OrderRow, OrderStatus } from "../../db/schema_returns.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import { isManager } from "../returns/roles.ts";
import { queueOneCDocument } from "../returns/onec_exchange.ts";
import type { WwDeps } from "./couriers.ts";
import { deliveryDocumentOf } from "./onec.ts";
import { loadOrder, loadOrderRow, ORDER_ENTITY, requireVisible } from "./orders.ts";
import type { OrderOutput, StatusInput } from "./schemas.ts";
import { readStatusLog, writeStatusLog } from "./status_log.ts";

/** Allowed moves from each status. */
export const ORDER_TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  NEW: ["ASSIGNED", "REJECTED"],
  ASSIGNED: ["IN_TRANSIT", "DECLINED", "REJECTED"],
  IN_TRANSIT: ["DONE", "REJECTED"],
  DECLINED: ["NEW"],
  DONE: [],
  REJECTED: [],
};

/** Statuses a courier may set on its own order; the rest are dispatch decisions. */
const COURIER_TARGETS: readonly OrderStatus[] = ["IN_TRANSIT", "DONE", "DECLINED"];

/** The 422 of a move the machine does not allow. */
export function invalidTransition(from: OrderStatus, to: OrderStatus): AppError {
  return new AppError("UNPROCESSABLE_CONTENT", `An order in ${from} cannot move to ${to}`, {
    title: "Invalid order status transition",
    fields: [{ field: "status", message: `${from} → ${to} is not allowed`, in: "body" }],
    extra: { current_status: from },
  });
}

/** The 422 of an assignment action that does not fit the order's assignment. */
export function invalidAssignment(message: string, field = "courier_id"): AppError {
  return new AppError("UNPROCESSABLE_CONTENT", message, {
    title: "Invalid assignment state",
    fields: [{ field, message, in: "body" }],
  });
}

/** Extras of one move. */
export interface MoveOptions {
  lat?: number | null;
  lon?: number | null;
  note?: string | null;
  /** How the live assignment ends when the order becomes DECLINED (default DECLINED). */
  assignmentEnd?: Extract<AssignmentStatus, "DECLINED" | "CANCELLED">;
  /** Runs in the move's transaction when the order becomes DONE. */
  onDone?: (tx: Tx, order: OrderOutput) => Promise<void>;
}

async function endLiveAssignment(
  tx: Tx,
  orderId: string,
  status: AssignmentStatus,
  reason?: string | null,
) {
  await tx.updateTable("ww_assignments").set({
    status,
    reason: reason ?? null,
    updated_at: sql<Date>`now()`,
  }).where("order_id", "=", orderId).where("status", "in", ["PENDING", "ACCEPTED"]).execute();
}

/**
 * Moves a locked order row to `to` inside `tx`, with every side effect; returns the new row.
 *
 * @throws {AppError} 422 "Invalid order status transition"; 422 "Invalid assignment state"
 * when ASSIGNED is asked for an order without a courier
 */
export async function moveOrder(
  tx: Tx,
  actor: Actor,
  row: OrderRow,
  to: OrderStatus,
  options: MoveOptions = {},
): Promise<OrderRow> {
  if (!ORDER_TRANSITIONS[row.status].includes(to)) throw invalidTransition(row.status, to);
  if (to === "ASSIGNED") {
    if (!row.courier_id) {
      throw invalidAssignment("The order has no courier; assign one with POST .../assign");
    }
    await tx.insertInto("ww_assignments").values({ order_id: row.id, courier_id: row.courier_id })
      .execute();
  } else if (to === "IN_TRANSIT") {
    await tx.updateTable("ww_assignments").set({ status: "ACCEPTED", updated_at: sql<Date>`now()` })
      .where("order_id", "=", row.id).where("status", "=", "PENDING").execute();
  } else if (to === "DECLINED") {
    await endLiveAssignment(tx, row.id, options.assignmentEnd ?? "DECLINED", options.note);
  } else if (to === "REJECTED") {
    await endLiveAssignment(tx, row.id, "CANCELLED", options.note);
  }
  // A declined order goes back to the pool without a courier.
  const courierId = row.status === "DECLINED" && to === "NEW" ? null : row.courier_id;
  const next = await tx.updateTable("ww_orders").set({
    status: to,
    courier_id: courierId,
    updated_at: sql<Date>`now()`,
  }).where("id", "=", row.id).returningAll().executeTakeFirstOrThrow();
  await writeStatusLog(tx, actor, { orderId: row.id, from: row.status, to, ...options });
  await writeAudit(tx, actor, {
    entity: ORDER_ENTITY,
    entityId: row.id,
    action: "status",
    before: { status: row.status, courier_id: row.courier_id },
    after: { status: to, courier_id: courierId },
    meta: { lat: options.lat ?? null, lon: options.lon ?? null, note: options.note ?? null },
  });
  if (to === "DONE" && options.onDone) await options.onDone(tx, await loadOrder(tx, row.id));
  return next;
}

/** Throws 403 unless the actor is a manager or the order's own courier making a courier move. */
async function requireMayMove(tx: Tx, actor: Actor, row: OrderRow, to: OrderStatus) {
  await requireVisible(tx, actor, row);
  if (!isManager(actor) && !COURIER_TARGETS.includes(to)) {
    throw new AppError("FORBIDDEN", `Only a dispatcher may move an order to ${to}`);
  }
}

/**
 * PATCH /orders/{id}/status: one move of the machine with its log entry. A move to DONE queues
 * the delivery's 1C document in the same transaction.
 *
 * @example
 * ```ts
 * await setOrderStatus(deps, actor, "ord-1", { status: "DONE", lat: 55.75, lon: 37.62 });
 * ```
 */
export function setOrderStatus(
  deps: WwDeps,
  actor: Actor,
  id: string,
  input: StatusInput,
): Promise<OrderOutput> {
  return withTx(deps.db, async (tx) => {
    const row = await loadOrderRow(tx, id, true);
    await requireMayMove(tx, actor, row, input.status);
    await moveOrder(tx, actor, row, input.status, {
      ...input,
      onDone: (done, order) =>
        queueOneCDocument({ db: done, queue: deps.queue }, deliveryDocumentOf(order)),
    });
    return await loadOrder(tx, id);
  });
}

/** The status log of an order the actor may see, oldest first. */
export async function orderLogs(
  deps: WwDeps,
  actor: Actor,
  id: string,
): Promise<Awaited<ReturnType<typeof readStatusLog>>> {
  const row = await loadOrderRow(deps.db, id);
  await requireVisible(deps.db, actor, row);
  return await readStatusLog(deps.db, id);
}
