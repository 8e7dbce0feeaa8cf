/**
 * tRPC `crm.objects`, `crm.visits`, `crm.customers`: the same schemas and domain functions as
 * the REST routes, for the UI.
 *
 * @module
 */
import { z } from "zod";
import { router } from "../trpc.ts";
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from "./customers.ts";
import {
  createObject,
  delegateObject,
  deleteObject,
  getObject,
  listObjects,
  myTasks,
  updateObject,
} from "./objects.ts";
import { crmProcedure as crm, supervisorProcedure as sup } from "./route.ts";
import { pageQuery } from "../../platform/paging.ts";
import { deleteQuery, idParams } from "./schemas/common.ts";
import { customerCreate, customerListQuery, customerPatch } from "./schemas/customers.ts";
import { objectCreate, objectListQuery, objectPatch } from "./schemas/objects.ts";
import { visitComplete, visitCreate, visitListQuery, visitPatch } from "./schemas/visits.ts";
import { completeVisit } from "./visit_complete.ts";
import { createVisit, deleteVisit, getVisit, listVisits, updateVisit } from "./visits.ts";

const withId = { id: z.uuid() };

/** `crm.objects`. */
export const objectsRouter = router({
  list: crm.input(objectListQuery).query(({ ctx, input }) =>
    listObjects(ctx.deps, ctx.caller, input)
  ),
  get: crm.input(idParams).query(({ ctx, input }) => getObject(ctx.deps, ctx.caller, input.id)),
  myTasks: sup.input(pageQuery).query(({ ctx, input }) => myTasks(ctx.deps, ctx.caller, input)),
  create: sup.input(objectCreate).mutation(({ ctx, input }) =>
    createObject(ctx.deps, ctx.caller, input)
  ),
  update: sup.input(objectPatch.extend(withId)).mutation(({ ctx, input: { id, ...patch } }) =>
    updateObject(ctx.deps, ctx.caller, id, patch)
  ),
  delete: sup.input(deleteQuery.extend(withId)).mutation(async ({ ctx, input: { id, ...g } }) => {
    await deleteObject(ctx.deps, ctx.caller, id, g);
    return { id, deleted: true };
  }),
  delegate: sup.input(z.object({ ...withId, supervisor_id: z.uuid() })).mutation((
    { ctx, input },
  ) => delegateObject(ctx.deps, ctx.caller, input.id, input.supervisor_id)),
});

/** `crm.visits`. */
export const visitsRouter = router({
  list: crm.input(visitListQuery).query(({ ctx, input }) =>
    listVisits(ctx.deps, ctx.caller, input)
  ),
  get: crm.input(idParams).query(({ ctx, input }) => getVisit(ctx.deps, ctx.caller, input.id)),
  create: crm.input(visitCreate).mutation(({ ctx, input }) =>
    createVisit(ctx.deps, ctx.caller, input)
  ),
  update: crm.input(visitPatch.extend(withId)).mutation(({ ctx, input: { id, ...patch } }) =>
    updateVisit(ctx.deps, ctx.caller, id, patch)
  ),
  complete: crm.input(visitComplete.extend(withId)).mutation(({ ctx, input: { id, ...body } }) =>
    completeVisit(ctx.deps, ctx.caller, id, body)
  ),
  delete: crm.input(deleteQuery.extend(withId)).mutation(async ({ ctx, input: { id, ...g } }) => {
    await deleteVisit(ctx.deps, ctx.caller, id, g);
    return { id, deleted: true };
  }),
});

/** `crm.customers`. */
export const customersRouter = router({
  list: crm.input(customerListQuery).query(({ ctx, input }) =>
    listCustomers(ctx.deps, ctx.caller, input)
  ),
  get: crm.input(idParams).query(({ ctx, input }) => getCustomer(ctx.deps, ctx.caller, input.id)),
  create: crm.input(customerCreate).mutation(({ ctx, input }) =>
    createCustomer(ctx.deps, ctx.caller, input)
  ),
  update: crm.input(customerPatch.extend(withId)).mutation(({ ctx, input: { id, ...patch } }) =>
    updateCustomer(ctx.deps, ctx.caller, id, patch)
  ),
  delete: sup.input(deleteQuery.extend(withId)).mutation(async ({ ctx, input: { id, ...g } }) => {
    await deleteCustomer(ctx.deps, ctx.caller, id, g);
    return { id, deleted: true };
  }),
});
