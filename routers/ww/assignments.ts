/**
 * Offering orders to couriers. A dispatcher assigns a NEW order to a courier (the order becomes
 * ASSIGNED and a PENDING assignment is created); the courier accepts it (order IN_TRANSIT) or
 * declines it (order DECLINED, then back to NEW without a courier). A dispatcher may also
 * withdraw the offer (`courier_id: null`). Declining when nothing is offered is a 422
 * "Invalid assignment state", as in the original.
 *
 * @module
 */
import type { z } from "zod";
import type { Tx } from "../../db/database.ts";
import type { AssignmentRow } from "../../db/schema_returns.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { AppError } from "../../platform/errors.ts";
import { isManager } from "../returns/roles.ts";
import { courierOfUser, loadCourier, type WwDeps } from "./couriers.ts";
import { loadOrder, loadOrderRow, toAssignmentOutput } from "./orders.ts";
import type { assignInput, AssignmentOutput, OrderOutput } from "./schemas.ts";
import { invalidAssignment, invalidTransition, moveOrder } from "./status.ts";

/** What the assignment actions answer: both sides after the change. */
export interface AssignmentAction {
  assignment: AssignmentOutput;
  order: OrderOutput;
}

/** Takes an ASSIGNED order back to NEW through DECLINED, ending the live assignment as `end`. */
async function releaseOrder(
  tx: Tx,
  actor: Actor,
  orderId: string,
  end: "DECLINED" | "CANCELLED",
  note?: string | null,
) {
  const row = await loadOrderRow(tx, orderId, true);
  if (row.status !== "ASSIGNED") {
    throw invalidAssignment(
      `Order ${orderId} has no pending offer to decline (it is ${row.status})`,
    );
  }
  const declined = await moveOrder(tx, actor, row, "DECLINED", { assignmentEnd: end, note });
  await moveOrder(tx, actor, declined, "NEW", { note: "back to the pool" });
}

/**
 * POST /orders/{id}/assign: `{courier_id}` offers a NEW order to an active courier;
 * `{courier_id: null}` withdraws the offer and `{decline: true}` records the courier's refusal
 * (both send the order back to NEW).
 *
 * @throws {AppError} 404 "Courier not found", 422 "Invalid assignment state" (declining with
 * nothing offered, an inactive courier), 422 "Invalid order status transition"
 */
export function assignOrder(
  deps: WwDeps,
  actor: Actor,
  orderId: string,
  input: z.output<typeof assignInput>,
): Promise<OrderOutput> {
  return withTx(deps.db, async (tx) => {
    if (input.decline || input.courier_id === null) {
      await releaseOrder(tx, actor, orderId, input.decline ? "DECLINED" : "CANCELLED");
      return await loadOrder(tx, orderId);
    }
    const row = await loadOrderRow(tx, orderId, true);
    const courier = await loadCourier(tx, input.courier_id);
    if (!courier.is_active) throw invalidAssignment(`Courier ${courier.id} is not active`);
    if (row.status !== "NEW") throw invalidTransition(row.status, "ASSIGNED");
    await moveOrder(tx, actor, { ...row, courier_id: courier.id }, "ASSIGNED");
    return await loadOrder(tx, orderId);
  });
}

/** Locks the order, then the assignment (always in this order, so two actions never deadlock). */
async function lockAssignment(tx: Tx, actor: Actor, id: string): Promise<AssignmentRow> {
  const peek = await tx.selectFrom("ww_assignments").select("order_id").where("id", "=", id)
    .executeTakeFirst();
  if (!peek) {
    throw new AppError("NOT_FOUND", `Assignment ${id} was not found`, {
      title: "Assignment not found",
    });
  }
  await loadOrderRow(tx, peek.order_id, true);
  const a = await tx.selectFrom("ww_assignments").selectAll().where("id", "=", id).forUpdate()
    .executeTakeFirstOrThrow();
  if (!isManager(actor)) {
    const mine = await courierOfUser(tx, actor.userId);
    if (!mine || mine.id !== a.courier_id) {
      throw new AppError(
        "FORBIDDEN",
        "Only the assigned courier or a dispatcher may answer this offer",
      );
    }
  }
  if (a.status !== "PENDING") {
    throw invalidAssignment(`Assignment ${id} is ${a.status}, not PENDING`, "assignment_id");
  }
  return a;
}

async function answer(tx: Tx, a: AssignmentRow): Promise<AssignmentAction> {
  const fresh = await tx.selectFrom("ww_assignments").selectAll().where("id", "=", a.id)
    .executeTakeFirstOrThrow();
  return { assignment: toAssignmentOutput(fresh), order: await loadOrder(tx, a.order_id) };
}

/** The courier accepts the offer: the order goes IN_TRANSIT. */
export function acceptAssignment(
  deps: WwDeps,
  actor: Actor,
  id: string,
  input: { note?: string | null } = {},
): Promise<AssignmentAction> {
  return withTx(deps.db, async (tx) => {
    const a = await lockAssignment(tx, actor, id);
    const row = await loadOrderRow(tx, a.order_id);
    await moveOrder(tx, actor, row, "IN_TRANSIT", { note: input.note });
    return await answer(tx, a);
  });
}

/** The courier declines the offer: the order goes DECLINED, then back to NEW. */
export function declineAssignment(
  deps: WwDeps,
  actor: Actor,
  id: string,
  input: { reason?: string | null } = {},
): Promise<AssignmentAction> {
  return withTx(deps.db, async (tx) => {
    const a = await lockAssignment(tx, actor, id);
    await releaseOrder(tx, actor, a.order_id, "DECLINED", input.reason);
    return await answer(tx, a);
  });
}
