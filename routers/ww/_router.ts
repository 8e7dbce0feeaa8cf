/**
 * tRPC `ww`: the Walking Warehouse operations of the REST contract on the same domain functions
 * and schemas, grouped as couriers / orders / assignments / reports.
 *
 * @module
 */
import { z } from "zod";
import { MANAGER_ROLES, STAFF_ROLES } from "../returns/roles.ts";
import { roleProcedure, router } from "../trpc.ts";
import { acceptAssignment, assignOrder, declineAssignment } from "./assignments.ts";
import { createCourier, getCourier, listCouriers, updateCourier } from "./couriers.ts";
import { createOrder, getOrder, listOrders, updateOrder } from "./orders.ts";
import { deliveryReport, deliveryReportCsv, kmp4Export, reportQuery } from "./reports.ts";
import {
  acceptInput,
  assignInput,
  courierInput,
  courierListQuery,
  courierPatch,
  declineInput,
  orderInput,
  orderListQuery,
  orderPatch,
  statusInput,
} from "./schemas.ts";
import { orderLogs, setOrderStatus } from "./status.ts";

const manager = roleProcedure(...MANAGER_ROLES);
const staff = roleProcedure(...STAFF_ROLES);
const byId = z.object({ id: z.string().min(1).max(64) });
const byUuid = z.object({ id: z.uuid() });

const couriers = router({
  list: manager.input(courierListQuery).query(({ ctx, input }) => listCouriers(ctx.deps, input)),
  get: manager.input(byId).query(({ ctx, input }) => getCourier(ctx.deps, input.id)),
  create: manager.input(courierInput)
    .mutation(({ ctx, input }) => createCourier(ctx.deps, ctx.actor, input)),
  update: manager.input(byId.extend({ data: courierPatch }))
    .mutation(({ ctx, input }) => updateCourier(ctx.deps, ctx.actor, input.id, input.data)),
});

const orders = router({
  list: staff.input(orderListQuery).query(({ ctx, input }) =>
    listOrders(ctx.deps, ctx.actor, input)
  ),
  get: staff.input(byId).query(({ ctx, input }) => getOrder(ctx.deps, ctx.actor, input.id)),
  logs: staff.input(byId).query(({ ctx, input }) => orderLogs(ctx.deps, ctx.actor, input.id)),
  create: manager.input(orderInput)
    .mutation(({ ctx, input }) => createOrder(ctx.deps, ctx.actor, input)),
  update: manager.input(byId.extend({ data: orderPatch }))
    .mutation(({ ctx, input }) => updateOrder(ctx.deps, ctx.actor, input.id, input.data)),
  assign: manager.input(byId.extend({ data: assignInput }))
    .mutation(({ ctx, input }) => assignOrder(ctx.deps, ctx.actor, input.id, input.data)),
  setStatus: staff.input(byId.extend({ data: statusInput }))
    .mutation(({ ctx, input }) => setOrderStatus(ctx.deps, ctx.actor, input.id, input.data)),
});

const assignments = router({
  accept: staff.input(byUuid.extend({ data: acceptInput }))
    .mutation(({ ctx, input }) =>
      acceptAssignment(ctx.deps, ctx.actor, input.id, input.data ?? {})
    ),
  decline: staff.input(byUuid.extend({ data: declineInput }))
    .mutation(({ ctx, input }) =>
      declineAssignment(ctx.deps, ctx.actor, input.id, input.data ?? {})
    ),
});

const reports = router({
  deliveries: manager.input(reportQuery).query(({ ctx, input }) => deliveryReport(ctx.deps, input)),
  deliveriesCsv: manager.input(reportQuery)
    .query(async ({ ctx, input }) => deliveryReportCsv(await deliveryReport(ctx.deps, input))),
  kmp4: manager.input(reportQuery).query(({ ctx, input }) => kmp4Export(ctx.deps, input)),
});

/** The WW router. */
export const wwRouter = router({ couriers, orders, assignments, reports });
