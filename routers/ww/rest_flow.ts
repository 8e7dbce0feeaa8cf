/**
 * WW REST routes of the order flow (assign, accept/decline, status with log) and the reports
 * (delivery report JSON/CSV, KMP4 export for 1C).
 *
 * @module
 */
import { z } from "zod";
import type { AnyRoute, Method } from "../../platform/rest/route.ts";
import { MANAGER_ROLES, STAFF_ROLES } from "../returns/roles.ts";
import { acceptAssignment, assignOrder, declineAssignment } from "./assignments.ts";
import {
  deliveryReport,
  deliveryReportCsv,
  exportFileName,
  kmp4Export,
  type ReportQuery,
  reportQuery,
} from "./reports.ts";
import { WW, WW_TAGS, wwRoute } from "./rest_common.ts";
import {
  acceptInput,
  assignInput,
  assignmentActionOutput,
  assignmentIdParams,
  declineInput,
  logOutput,
  orderIdParams,
  orderOutput,
  statusInput,
} from "./schemas.ts";
import { orderLogs, setOrderStatus } from "./status.ts";

const assign = wwRoute({
  method: "post",
  path: `${WW}/orders/:order_id/assign`,
  summary: "Offer a NEW order to a courier, withdraw the offer (courier_id null) or decline it",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  params: orderIdParams,
  body: assignInput,
  responses: { 200: { description: "The order", schema: orderOutput } },
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await assignOrder(deps, actor, params.order_id, body)),
});

function statusRoute(method: Method) {
  return wwRoute({
    method,
    path: `${WW}/orders/:order_id/status`,
    summary: `Move an order along the state machine, logging lat/lon/note${
      method === "post" ? " (POST alias of PATCH, as the seed's docs had it)" : ""
    }`,
    tags: WW_TAGS,
    access: STAFF_ROLES,
    params: orderIdParams,
    body: statusInput,
    responses: {
      200: { description: "The order after the move", schema: orderOutput },
      422: { description: "Validation failed, or 'Invalid order status transition'" },
    },
    handler: async ({ c, deps, actor, params, body }) =>
      c.json(await setOrderStatus(deps, actor, params.order_id, body)),
  });
}

const logs = wwRoute({
  method: "get",
  path: `${WW}/orders/:order_id/logs`,
  summary: "An order's status log, oldest first",
  tags: WW_TAGS,
  access: STAFF_ROLES,
  params: orderIdParams,
  responses: {
    200: { description: "Log entries", schema: z.object({ items: z.array(logOutput) }) },
  },
  handler: async ({ c, deps, actor, params }) =>
    c.json({ items: await orderLogs(deps, actor, params.order_id) }),
});

const acceptOffer = wwRoute({
  method: "post",
  path: `${WW}/assignments/:assignment_id/accept`,
  summary: "The courier accepts the offer; the order goes IN_TRANSIT",
  tags: WW_TAGS,
  access: STAFF_ROLES,
  params: assignmentIdParams,
  body: acceptInput,
  responses: { 200: { description: "Both sides", schema: assignmentActionOutput } },
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await acceptAssignment(deps, actor, params.assignment_id, body ?? {})),
});

const declineOffer = wwRoute({
  method: "post",
  path: `${WW}/assignments/:assignment_id/decline`,
  summary: "The courier declines the offer; the order goes DECLINED and back to NEW",
  tags: WW_TAGS,
  access: STAFF_ROLES,
  params: assignmentIdParams,
  body: declineInput,
  responses: { 200: { description: "Both sides", schema: assignmentActionOutput } },
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await declineAssignment(deps, actor, params.assignment_id, body ?? {})),
});

/** Headers of a report's CSV download, named after `prefix` and the period; never cached. */
function csvFile(prefix: string, query: ReportQuery) {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${exportFileName(prefix, query, "csv")}"`,
    "Cache-Control": "no-store",
  };
}

const report = wwRoute({
  method: "get",
  path: `${WW}/report/deliveries`,
  summary: "Delivery report: JSON, or CSV (BOM, TOTALS row) with format=csv",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  query: reportQuery,
  responses: { 200: { description: "The report (application/json or text/csv)" } },
  handler: async ({ c, deps, query }) => {
    const data = await deliveryReport(deps, query);
    if (query.format === "json") return c.json(data);
    return c.body(deliveryReportCsv(data), 200, csvFile("ww_deliveries", query));
  },
});

const kmp4 = wwRoute({
  method: "get",
  path: `${WW}/export/kmp4`,
  summary: "KMP4 export for 1C (#KMP4_DELIVERY_REPORT,v1 CSV)",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  query: reportQuery,
  responses: { 200: { description: "KMP4 CSV", contentType: "text/csv" } },
  handler: async ({ c, deps, query }) =>
    c.body(await kmp4Export(deps, query), 200, csvFile("kmp4_delivery_report", query)),
});

/** The flow and report routes. */
export const flowRoutes: AnyRoute[] = [
  assign,
  statusRoute("patch"),
  statusRoute("post"),
  logs,
  acceptOffer,
  declineOffer,
  report,
  kmp4,
];
