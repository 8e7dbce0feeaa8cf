/**
 * zod schemas of the returns API, shared by the REST routes and the tRPC procedures so the two
 * can never drift. Field rules follow seed 000's `ReturnCreate` (qty ≥ 1, quality enum,
 * non-blank reason_code), with the limits the original left open made explicit.
 *
 * @module
 */
import { z } from "zod";
import { pageSizeFields, sizedPageSchema } from "../../platform/paging.ts";

/** Return statuses. */
export const RETURN_STATUSES = ["pending", "accepted", "rejected", "cancelled"] as const;
/** Where a return was registered. */
export const RETURN_SOURCES = ["widget", "call_center", "warehouse"] as const;
/** State of the goods. */
export const QUALITIES = ["new", "defect", "unknown"] as const;

const code = (max: number) => z.string().trim().min(1, { message: "must not be blank" }).max(max);
const note = (max: number) => z.string().trim().max(max).nullish();

/** One returned line. */
export const returnItemInput = z.object({
  sku: code(64),
  qty: z.number().int().min(1).max(100_000),
  quality: z.enum(QUALITIES),
  reason_code: code(64).describe("e.g. customer_changed_mind, damaged_package, cracked"),
  reason_note: note(1000),
  photos: z.array(z.string().trim().min(1).max(2048)).max(20).nullish()
    .describe("Photo URLs or storage keys"),
  imei: z.string().trim().regex(/^\d{14,16}$/, { message: "expected 14 to 16 digits" }).nullish(),
  serial: note(64),
});

/** Body of POST /returns and PUT /returns/{id} (seed 000's `ReturnCreate`). */
export const returnInput = z.object({
  source: z.enum(RETURN_SOURCES),
  courier_id: code(64),
  order_id_1c: note(64),
  comment: note(2000),
  items: z.array(returnItemInput).min(1).max(200),
});
/** A parsed {@link returnInput}. */
export type ReturnInput = z.output<typeof returnInput>;

/** Path parameter of one return; a bad UUID is a 422 naming `return_id`. */
export const returnIdParams = z.object({ return_id: z.uuid() });

/** Query of the list: page plus filters. */
export const listQuery = z.object({
  ...pageSizeFields,
  status: z.enum(RETURN_STATUSES).optional(),
  source: z.enum(RETURN_SOURCES).optional(),
  courier_id: z.string().trim().min(1).max(64).optional(),
  order_id_1c: z.string().trim().min(1).max(64).optional(),
  sku: z.string().trim().min(1).max(64).optional().describe("Returns with a line of this SKU"),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
}).refine(
  (q) => !q.created_from || !q.created_to || Date.parse(q.created_from) <= Date.parse(q.created_to),
  {
    message: "must not be before created_from",
    path: ["created_to"],
  },
);
/** A parsed {@link listQuery}. */
export type ListQuery = z.output<typeof listQuery>;

/** Body of POST /returns/{id}/accept. */
export const acceptInput = z.object({ note: note(500) }).optional();
/** Body of POST /returns/{id}/reject: the reason is required. */
export const rejectInput = z.object({ reason: code(500) });
/** Body of POST /returns/{id}/cancel. */
export const cancelInput = z.object({ reason: note(500) }).optional();

/** One returned line as the API shows it. */
export const returnItemOutput = z.object({
  line_id: z.uuid(),
  sku: z.string(),
  qty: z.number().int(),
  quality: z.enum(QUALITIES),
  reason_code: z.string(),
  reason_note: z.string().nullable(),
  photos: z.array(z.string()),
  imei: z.string().nullable(),
  serial: z.string().nullable(),
});

/** A return as the API shows it. */
export const returnOutput = z.object({
  id: z.uuid(),
  status: z.enum(RETURN_STATUSES),
  source: z.enum(RETURN_SOURCES),
  courier_id: z.string(),
  order_id_1c: z.string().nullable(),
  manager_id: z.string().nullable().describe("The manager who accepted or rejected it"),
  comment: z.string().nullable(),
  status_reason: z.string().nullable().describe("Reject or cancel reason"),
  decided_at: z.string().nullable(),
  created_by: z.string().nullable().describe("The user who registered it"),
  onec_document_id: z.string().nullable().describe("The 1C document, once posted"),
  created_at: z.string(),
  updated_at: z.string(),
  items: z.array(returnItemOutput),
});
/** A return as the API shows it. */
export type ReturnOutput = z.output<typeof returnOutput>;

/** The list envelope. */
export const returnPageOutput = sizedPageSchema(returnOutput);

/** One entry of a return's history (from the audit log). */
export const historyOutput = z.object({
  at: z.string(),
  action: z.string(),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  request_id: z.string().nullable(),
});
/** A history entry. */
export type HistoryEntry = z.output<typeof historyOutput>;
