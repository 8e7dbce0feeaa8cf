/**
 * An accepted return as a 1C document («Возврат товаров от покупателя»), and storing the 1C
 * document reference back on the return once 1C has created it.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import {
  type PostedDocument,
  type ReturnDocument,
  returnKey,
} from "../../integrations/onec/documents.ts";
import type { ReturnOutput } from "./schemas.ts";

/** The 1C document of an accepted return; lines numbered in the order the courier sent them. */
export function returnDocumentOf(r: ReturnOutput): ReturnDocument {
  return {
    key: returnKey(r.id),
    kind: "return",
    date: r.decided_at ?? r.updated_at,
    return_id: r.id,
    order_id_1c: r.order_id_1c,
    source: r.source,
    courier_id: r.courier_id,
    manager_id: r.manager_id,
    comment: r.comment,
    lines: r.items.map((item, i) => ({
      line_no: i + 1,
      sku: item.sku,
      qty: item.qty,
      quality: item.quality,
      reason_code: item.reason_code,
      reason_note: item.reason_note,
      imei: item.imei,
      serial: item.serial,
    })),
  };
}

/** Records 1C's reference on the return (a deleted return is simply not there any more). */
export async function storeReturnDocument(
  db: Db,
  returnId: string,
  posted: PostedDocument,
): Promise<void> {
  await db.updateTable("returns").set({
    onec_document_id: posted.Ref_Key,
    onec_posted_at: sql<Date>`now()`,
  }).where("id", "=", returnId).execute();
}
