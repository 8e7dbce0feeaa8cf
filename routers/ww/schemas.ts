/**
 * zod schemas of the Walking Warehouse API (seed 000's `/api/v1/ww`), shared by REST and tRPC.
 *
 * @module
 */
import { z } from "zod";
import { pageSizeFields, sizedPageSchema } from "../../platform/paging.ts";
import { amount } from "./money.ts";

/** Order statuses of the WW state machine. */
export const ORDER_STATUSES = [
  "NEW",
  "ASSIGNED",
  "IN_TRANSIT",
  "DONE",
  "REJECTED",
  "DECLINED",
] as const;
/** Assignment statuses. */
export const ASSIGNMENT_STATUSES = ["PENDING", "ACCEPTED", "DECLINED", "CANCELLED"] as const;

const externalId = z.string().trim().regex(/^[A-Za-z0-9._:-]{1,64}$/, {
  message: "1–64 characters: letters, digits and . _ : -",
});
const text = (max: number) => z.string().trim().min(1, { message: "must not be blank" }).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullish();

/** Body of POST /ww/couriers. */
export const courierInput = z.object({
  id: externalId,
  display_name: text(200),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{5,32}$/, { message: "expected a phone number" })
    .nullish(),
  is_active: z.boolean().default(true),
  user_id: z.uuid().nullish().describe("The fieldhub user who works as this courier"),
});
/** Body of PATCH /ww/couriers/{id}. */
export const courierPatch = courierInput.omit({ id: true }).partial().refine(
  (p) => Object.values(p).some((v) => v !== undefined),
  { message: "send at least one field" },
);

/** A courier as the API shows it. */
export const courierOutput = z.object({
  id: z.string(),
  display_name: z.string(),
  phone: z.string().nullable(),
  is_active: z.boolean(),
  user_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
/** A courier as the API shows it. */
export type CourierOutput = z.output<typeof courierOutput>;

/** Query of GET /ww/couriers. */
export const courierListQuery = z.object({
  ...pageSizeFields,
  q: z.string().trim().min(1).max(100).optional().describe("Search in id, name and phone"),
  is_active: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

/** One line of an order. */
export const orderItemInput = z.object({
  sku: text(64),
  name: text(200),
  qty: z.number().int().min(1).max(100_000),
  price: amount,
});

const currencyCode = z.string().regex(/^[A-Z]{3}$/, { message: "expected an ISO 4217 code" });

const orderFields = {
  title: text(200),
  customer_name: text(200),
  currency_code: currencyCode,
  total_amount: amount.optional().describe("Defaults to the sum of qty × price"),
  notes: optionalText(1000),
  items: z.array(orderItemInput).min(1).max(200),
};

/** Body of POST /ww/orders; an order always starts as NEW. */
export const orderInput = z.object({
  id: externalId.optional().describe("Generated when omitted"),
  ...orderFields,
  currency_code: currencyCode.default("RUB"),
  status: z.literal("NEW").optional().describe("Orders start as NEW; move them with /status"),
  courier_id: externalId.nullish().describe("The planned courier; assigning happens later"),
});
/** A parsed {@link orderInput}. */
export type OrderInput = z.output<typeof orderInput>;

/** Body of PATCH /ww/orders/{id}: fields to change (items replace all lines). */
export const orderPatch = z.object(orderFields).partial().refine(
  (p) => Object.values(p).some((v) => v !== undefined),
  { message: "send at least one field" },
);
/** A parsed {@link orderPatch}. */
export type OrderPatch = z.output<typeof orderPatch>;

/** Path of one order. */
export const orderIdParams = z.object({ order_id: externalId });
/** Path of one courier. */
export const courierIdParams = z.object({ courier_id: externalId });
/** Path of one assignment. */
export const assignmentIdParams = z.object({ assignment_id: z.uuid() });

/** Body of POST /ww/orders/{id}/assign. */
export const assignInput = z.object({
  courier_id: externalId.nullable().describe("Courier to assign; null withdraws the assignment"),
  decline: z.boolean().default(false).describe("The courier declines the current assignment"),
});

/** Body of PATCH /ww/orders/{id}/status. */
export const statusInput = z.object({
  status: z.enum(ORDER_STATUSES),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
  note: optionalText(500),
}).refine((b) => (b.lat == null) === (b.lon == null), {
  message: "send lat and lon together",
  path: ["lon"],
});
/** A parsed {@link statusInput}. */
export type StatusInput = z.output<typeof statusInput>;

/** Body of POST /ww/assignments/{id}/decline. */
export const declineInput = z.object({ reason: optionalText(500) }).optional();
/** Body of POST /ww/assignments/{id}/accept. */
export const acceptInput = z.object({ note: optionalText(500) }).optional();

/** Query of GET /ww/orders. */
export const orderListQuery = z.object({
  ...pageSizeFields,
  status: z.string().optional().transform((v, ctx) => {
    if (!v) return undefined;
    const list = v.split(",").map((s) => s.trim().toUpperCase());
    const bad = list.filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s));
    if (bad.length) {
      ctx.addIssue({ code: "custom", message: `unknown status ${bad.join(", ")}` });
      return z.NEVER;
    }
    return list as (typeof ORDER_STATUSES)[number][];
  }).describe("One status or several, comma-separated"),
  courier_id: externalId.optional(),
  q: z.string().trim().min(1).max(100).optional().describe("Search in id, title, customer"),
});

const assignmentOutput = z.object({
  id: z.string(),
  courier_id: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

/** An order as the API shows it (amounts as decimal strings). */
export const orderOutput = z.object({
  id: z.string(),
  title: z.string(),
  customer_name: z.string(),
  status: z.enum(ORDER_STATUSES),
  courier_id: z.string().nullable(),
  currency_code: z.string(),
  total_amount: z.string(),
  notes: z.string().nullable(),
  items: z.array(
    z.object({ sku: z.string(), name: z.string(), qty: z.number(), price: z.string() }),
  ),
  assignment: assignmentOutput.nullable().describe("The live (pending or accepted) assignment"),
  onec_document_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
/** An order as the API shows it. */
export type OrderOutput = z.output<typeof orderOutput>;
/** An assignment as the API shows it. */
export type AssignmentOutput = z.output<typeof assignmentOutput>;

/** Answer of the assignment actions: both sides. */
export const assignmentActionOutput = z.object({
  assignment: assignmentOutput,
  order: orderOutput,
});

/** One status log entry. */
export const logOutput = z.object({
  id: z.number(),
  from_status: z.enum(ORDER_STATUSES).nullable(),
  to_status: z.enum(ORDER_STATUSES),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  note: z.string().nullable(),
  actor_id: z.string().nullable(),
  at: z.string(),
});

/** Envelopes. */
export const orderPageOutput = sizedPageSchema(orderOutput);
/** Envelope of couriers. */
export const courierPageOutput = sizedPageSchema(courierOutput);
