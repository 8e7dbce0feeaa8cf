/**
 * The status log of WW orders: one row per status change, with where the courier was (lat/lon)
 * and a note, kept for the delivery report and disputes.
 *
 * @module
 */
import type { Db, Tx } from "../../db/database.ts";
import type { OrderStatus } from "../../db/schema_returns.ts";
import type { Actor } from "../../platform/actor.ts";
import type { z } from "zod";
import type { logOutput } from "./schemas.ts";

/** One status change to record. */
export interface StatusLogEntry {
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  lat?: number | null;
  lon?: number | null;
  note?: string | null;
}

/** Appends a log row in the caller's transaction. */
export async function writeStatusLog(tx: Tx, actor: Actor, e: StatusLogEntry): Promise<void> {
  await tx.insertInto("ww_order_logs").values({
    order_id: e.orderId,
    from_status: e.from,
    to_status: e.to,
    lat: e.lat ?? null,
    lon: e.lon ?? null,
    note: e.note ?? null,
    actor_id: actor.userId,
  }).execute();
}

/** The log of an order, oldest first. */
export async function readStatusLog(
  db: Db,
  orderId: string,
): Promise<z.output<typeof logOutput>[]> {
  const rows = await db.selectFrom("ww_order_logs").selectAll().where("order_id", "=", orderId)
    .orderBy("id").execute();
  return rows.map((r) => ({
    id: Number(r.id),
    from_status: r.from_status,
    to_status: r.to_status,
    lat: r.lat,
    lon: r.lon,
    note: r.note,
    actor_id: r.actor_id,
    at: r.at.toISOString(),
  }));
}
