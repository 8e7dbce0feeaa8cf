/**
 * Row types of seed 000 (MasterMobile): customer returns with their lines, and the Walking
 * Warehouse (couriers, delivery orders with items, assignments, status log). Money is integer
 * kopecks; the API shows decimals.
 *
 * @module
 */
import type { Generated, Selectable } from "kysely";
import type { CreatedAt, Json } from "./schema_platform.ts";

/** A return's status; pending until a manager accepts or rejects it, or it is cancelled. */
export type ReturnStatus = "pending" | "accepted" | "rejected" | "cancelled";
/** Where a return was registered. */
export type ReturnSource = "widget" | "call_center" | "warehouse";
/** The state of the returned goods. */
export type ReturnQuality = "new" | "defect" | "unknown";

/** `returns`: one customer return. */
export interface ReturnsTable {
  id: Generated<string>;
  status: Generated<ReturnStatus>;
  source: ReturnSource;
  courier_id: string;
  order_id_1c: string | null;
  manager_id: string | null;
  comment: string | null;
  /** Why a manager rejected it, or why it was cancelled. */
  status_reason: string | null;
  created_by: string | null;
  decided_at: Date | null;
  /** The 1C document the accepted return was posted as. */
  onec_document_id: string | null;
  onec_posted_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
/** A return row as read. */
export type ReturnRow = Selectable<ReturnsTable>;

/** `return_lines`: the goods of a return, in the order the caller sent them (`position`). */
export interface ReturnLinesTable {
  id: Generated<number>;
  return_id: string;
  position: number;
  line_id: Generated<string>;
  sku: string;
  qty: number;
  quality: ReturnQuality;
  reason_code: string;
  reason_note: string | null;
  photos: Json<string[]>;
  imei: string | null;
  serial: string | null;
}
/** A return line as read. */
export type ReturnLineRow = Selectable<ReturnLinesTable>;

/** A delivery order's status (the WW state machine). */
export type OrderStatus = "NEW" | "ASSIGNED" | "IN_TRANSIT" | "DONE" | "REJECTED" | "DECLINED";
/** A courier assignment's status. */
export type AssignmentStatus = "PENDING" | "ACCEPTED" | "DECLINED" | "CANCELLED";

/** `ww_couriers`: couriers, keyed by the id the dispatch system gives them. */
export interface WwCouriersTable {
  id: string;
  display_name: string;
  phone: string | null;
  is_active: Generated<boolean>;
  /** The fieldhub user who acts as this courier (may accept its assignments). */
  user_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
/** A courier row as read. */
export type CourierRow = Selectable<WwCouriersTable>;

/** `ww_orders`: delivery orders. */
export interface WwOrdersTable {
  id: string;
  title: string;
  customer_name: string;
  status: Generated<OrderStatus>;
  courier_id: string | null;
  currency_code: string;
  total_kopecks: number;
  notes: string | null;
  created_by: string | null;
  onec_document_id: string | null;
  onec_posted_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
/** An order row as read. */
export type OrderRow = Selectable<WwOrdersTable>;

/** `ww_order_items`: the goods of an order, in order. */
export interface WwOrderItemsTable {
  id: Generated<number>;
  order_id: string;
  position: number;
  sku: string;
  name: string;
  qty: number;
  price_kopecks: number;
}
/** An order item as read. */
export type OrderItemRow = Selectable<WwOrderItemsTable>;

/** `ww_assignments`: an offer of an order to a courier, accepted or declined by the courier. */
export interface WwAssignmentsTable {
  id: Generated<string>;
  order_id: string;
  courier_id: string;
  status: Generated<AssignmentStatus>;
  reason: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
/** An assignment row as read. */
export type AssignmentRow = Selectable<WwAssignmentsTable>;

/** `ww_order_logs`: every status change of an order, with where and why. */
export interface WwOrderLogsTable {
  id: Generated<number>;
  order_id: string;
  from_status: OrderStatus | null;
  to_status: OrderStatus;
  lat: number | null;
  lon: number | null;
  note: string | null;
  actor_id: string | null;
  at: CreatedAt;
}
/** A log row as read. */
export type OrderLogRow = Selectable<WwOrderLogsTable>;

/** The tables of returns and the Walking Warehouse, by name. */
export interface ReturnsTables {
  returns: ReturnsTable;
  return_lines: ReturnLinesTable;
  ww_couriers: WwCouriersTable;
  ww_orders: WwOrdersTable;
  ww_order_items: WwOrderItemsTable;
  ww_assignments: WwAssignmentsTable;
  ww_order_logs: WwOrderLogsTable;
}
