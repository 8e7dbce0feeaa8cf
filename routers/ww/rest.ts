/**
 * The REST contract of seed 000's Walking Warehouse, `/api/v1/ww/...`: couriers and orders here,
 * the order flow and reports in `rest_flow.ts`. Every write requires an `Idempotency-Key`
 * (≤ 128 characters), as the original required on all WW writes.
 *
 * @module
 */
import type { AnyRoute } from "../../platform/rest/route.ts";
import { MANAGER_ROLES, STAFF_ROLES } from "../returns/roles.ts";
import { createCourier, getCourier, listCouriers, updateCourier } from "./couriers.ts";
import { createOrder, getOrder, listOrders, updateOrder } from "./orders.ts";
import { WW, WW_TAGS, wwRoute } from "./rest_common.ts";
import { flowRoutes } from "./rest_flow.ts";
import {
  courierIdParams,
  courierInput,
  courierListQuery,
  courierOutput,
  courierPageOutput,
  courierPatch,
  orderIdParams,
  orderInput,
  orderListQuery,
  orderOutput,
  orderPageOutput,
  orderPatch,
} from "./schemas.ts";

const createCourierRoute = wwRoute({
  method: "post",
  path: `${WW}/couriers`,
  summary: "Register a courier (dispatchers); 409 when the id is taken",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  body: courierInput,
  responses: {
    201: { description: "Created", schema: courierOutput },
    409: { description: "Courier already exists" },
  },
  handler: async ({ c, deps, actor, body }) => {
    const courier = await createCourier(deps, actor, body);
    return c.json(courier, 201, { Location: `${WW}/couriers/${encodeURIComponent(courier.id)}` });
  },
});

const listCouriersRoute = wwRoute({
  method: "get",
  path: `${WW}/couriers`,
  summary: "List couriers by id; q searches id, name and phone",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  query: courierListQuery,
  responses: { 200: { description: "One page", schema: courierPageOutput } },
  handler: async ({ c, deps, query }) => c.json(await listCouriers(deps, query)),
});

const getCourierRoute = wwRoute({
  method: "get",
  path: `${WW}/couriers/:courier_id`,
  summary: "Read one courier",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  params: courierIdParams,
  responses: { 200: { description: "The courier", schema: courierOutput } },
  handler: async ({ c, deps, params }) => c.json(await getCourier(deps, params.courier_id)),
});

const patchCourierRoute = wwRoute({
  method: "patch",
  path: `${WW}/couriers/:courier_id`,
  summary: "Change a courier's name, phone, activity or linked user",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  params: courierIdParams,
  body: courierPatch,
  responses: { 200: { description: "Changed", schema: courierOutput } },
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await updateCourier(deps, actor, params.courier_id, body)),
});

const createOrderRoute = wwRoute({
  method: "post",
  path: `${WW}/orders`,
  summary: "Create a delivery order in NEW (dispatchers); 201 with Location",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  body: orderInput,
  responses: {
    201: { description: "Created", schema: orderOutput },
    409: { description: "Order already exists" },
  },
  handler: async ({ c, deps, actor, body }) => {
    const order = await createOrder(deps, actor, body);
    return c.json(order, 201, { Location: `${WW}/orders/${encodeURIComponent(order.id)}` });
  },
});

const listOrdersRoute = wwRoute({
  method: "get",
  path: `${WW}/orders`,
  summary: "List orders, newest first (a courier sees only its own)",
  tags: WW_TAGS,
  access: STAFF_ROLES,
  query: orderListQuery,
  responses: { 200: { description: "One page", schema: orderPageOutput } },
  handler: async ({ c, deps, actor, query }) => c.json(await listOrders(deps, actor, query)),
});

const getOrderRoute = wwRoute({
  method: "get",
  path: `${WW}/orders/:order_id`,
  summary: "Read one order with its items and live assignment",
  tags: WW_TAGS,
  access: STAFF_ROLES,
  params: orderIdParams,
  responses: { 200: { description: "The order", schema: orderOutput } },
  handler: async ({ c, deps, actor, params }) =>
    c.json(await getOrder(deps, actor, params.order_id)),
});

const patchOrderRoute = wwRoute({
  method: "patch",
  path: `${WW}/orders/:order_id`,
  summary: "Edit an open order's fields or items (dispatchers)",
  tags: WW_TAGS,
  access: MANAGER_ROLES,
  params: orderIdParams,
  body: orderPatch,
  responses: {
    200: { description: "Changed", schema: orderOutput },
    409: { description: "The order is DONE or REJECTED" },
  },
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await updateOrder(deps, actor, params.order_id, body)),
});

/** Every WW route, for `restRoutes` in app.ts. */
export const wwRoutes: AnyRoute[] = [
  createCourierRoute,
  listCouriersRoute,
  getCourierRoute,
  patchCourierRoute,
  createOrderRoute,
  listOrdersRoute,
  getOrderRoute,
  patchOrderRoute,
  ...flowRoutes,
];
