/**
 * A finished (DONE) delivery as a 1C document («Реализация товаров и услуг»), and storing the 1C
 * document reference back on the order once 1C has created it.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import {
  type DeliveryDocument,
  deliveryKey,
  type PostedDocument,
} from "../../integrations/onec/documents.ts";
import { formatKopecks, toKopecks } from "./money.ts";
import type { OrderOutput } from "./schemas.ts";

/** The 1C document of a delivered order; `date` is when it became DONE. */
export function deliveryDocumentOf(order: OrderOutput): DeliveryDocument {
  return {
    key: deliveryKey(order.id),
    kind: "delivery",
    date: order.updated_at,
    order_id: order.id,
    title: order.title,
    customer_name: order.customer_name,
    courier_id: order.courier_id,
    currency_code: order.currency_code,
    total_amount: order.total_amount,
    lines: order.items.map((item, i) => ({
      line_no: i + 1,
      sku: item.sku,
      name: item.name,
      qty: item.qty,
      price: item.price,
      amount: formatKopecks(item.qty * toKopecks(item.price)!),
    })),
  };
}

/** Records 1C's reference on the order. */
export async function storeDeliveryDocument(
  db: Db,
  orderId: string,
  posted: PostedDocument,
): Promise<void> {
  await db.updateTable("ww_orders").set({
    onec_document_id: posted.Ref_Key,
    onec_posted_at: sql<Date>`now()`,
  }).where("id", "=", orderId).execute();
}
