/**
 * The JSON documents fieldhub posts to 1C (УТ 10.3/11) and what 1C answers: one zod schema per
 * shape, used by the client to build requests, by the simulator to validate them, and by the
 * README's examples. Amounts are decimal strings with two digits (1C `Число(15,2)`); dates are
 * ISO 8601 UTC.
 *
 * @module
 */
import { z } from "zod";

/** Document kinds, as the last path segment of `POST /v1/documents/{kind}`. */
export const DOCUMENT_KINDS = ["return", "delivery"] as const;
/** A document kind. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const money = z.string().regex(/^\d{1,15}\.\d{2}$/, { message: "expected a decimal like 1234.50" });
const isoDate = z.iso.datetime({ offset: true });

/** The idempotency key of a document: the same business object always gets the same key. */
export const documentKey = z.string().regex(/^fieldhub:(return|delivery):[A-Za-z0-9._:-]{1,64}$/, {
  message: "expected fieldhub:<kind>:<id>",
});

/** An accepted customer return → 1C «Возврат товаров от покупателя». */
export const returnDocument = z.object({
  key: documentKey,
  kind: z.literal("return"),
  /** When the manager accepted it. */
  date: isoDate,
  return_id: z.uuid(),
  /** The 1C customer order the goods came from, when known. */
  order_id_1c: z.string().nullable(),
  source: z.enum(["widget", "call_center", "warehouse"]),
  courier_id: z.string().min(1),
  manager_id: z.string().nullable(),
  comment: z.string().nullable(),
  lines: z.array(z.object({
    line_no: z.number().int().min(1),
    sku: z.string().min(1),
    qty: z.number().int().min(1),
    quality: z.enum(["new", "defect", "unknown"]),
    reason_code: z.string().min(1),
    reason_note: z.string().nullable(),
    imei: z.string().nullable(),
    serial: z.string().nullable(),
  })).min(1),
});
/** A return document. */
export type ReturnDocument = z.output<typeof returnDocument>;

/** A finished (DONE) WW delivery → 1C «Реализация товаров и услуг» by the courier. */
export const deliveryDocument = z.object({
  key: documentKey,
  kind: z.literal("delivery"),
  /** When the order became DONE. */
  date: isoDate,
  order_id: z.string().min(1),
  title: z.string(),
  customer_name: z.string(),
  courier_id: z.string().nullable(),
  currency_code: z.string().regex(/^[A-Z]{3}$/),
  total_amount: money,
  lines: z.array(z.object({
    line_no: z.number().int().min(1),
    sku: z.string().min(1),
    name: z.string(),
    qty: z.number().int().min(1),
    price: money,
    amount: money,
  })).min(1),
});
/** A delivery document. */
export type DeliveryDocument = z.output<typeof deliveryDocument>;

/** Any document. */
export type OneCDocument = ReturnDocument | DeliveryDocument;

/** 1C's answer to a POST: the document's reference (GUID) and number. */
export const postedDocument = z.object({
  /** The document's reference in the infobase (`Ссылка.УникальныйИдентификатор()`). */
  Ref_Key: z.uuid(),
  /** Its number, e.g. `ФХВ-000042`. */
  Number: z.string().min(1),
  /** Our key, echoed. */
  key: documentKey,
  /** False when the key was already known and the existing document is returned. */
  created: z.boolean(),
});
/** 1C's answer to a POST. */
export type PostedDocument = z.output<typeof postedDocument>;

/** 1C's error body. */
export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** The key of the return `id`'s document. */
export function returnKey(id: string): string {
  return `fieldhub:return:${id}`;
}

/** The key of the delivery of order `id`. */
export function deliveryKey(id: string): string {
  return `fieldhub:delivery:${id}`;
}
