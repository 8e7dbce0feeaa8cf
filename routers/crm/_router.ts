/**
 * tRPC `crm`: objects, visits, customers, dictionaries, analytics and users — the REST
 * contract's operations for the UI, on the same schemas and domain functions.
 *
 * @module
 */
import { z } from "zod";
import { router } from "../trpc.ts";
import { objectsByCity, summary, summaryQuery } from "./analytics.ts";
import { listCities, listDistricts } from "./dictionaries.ts";
import { crmProcedure as crm, supervisorProcedure as sup } from "./route.ts";
import { idParams } from "./schemas/common.ts";
import {
  crmUserCreate,
  crmUserListQuery,
  crmUserPatch,
  supervisorsQuery,
} from "./schemas/users.ts";
import { customersRouter, objectsRouter, visitsRouter } from "./trpc_records.ts";
import { createCrmUser, getUser, listSupervisors, listUsers, me, updateCrmUser } from "./users.ts";

/** The CRM router. */
export const crmRouter = router({
  objects: objectsRouter,
  visits: visitsRouter,
  customers: customersRouter,
  dictionaries: router({
    cities: crm.query(({ ctx }) => listCities(ctx.deps.db)),
    districts: crm.input(z.object({ city_id: z.uuid().optional() })).query(({ ctx, input }) =>
      listDistricts(ctx.deps.db, input.city_id)
    ),
  }),
  analytics: router({
    summary: crm.input(summaryQuery).query(({ ctx, input }) =>
      summary(ctx.deps, ctx.caller, input.period)
    ),
    byCity: crm.query(({ ctx }) => objectsByCity(ctx.deps, ctx.caller)),
  }),
  users: router({
    me: crm.query(({ ctx }) => me(ctx.deps.db, ctx.caller)),
    supervisors: crm.input(supervisorsQuery).query(({ ctx, input }) =>
      listSupervisors(ctx.deps.db, ctx.caller, input.q)
    ),
    list: sup.input(crmUserListQuery).query(({ ctx, input }) =>
      listUsers(ctx.deps.db, ctx.caller, input)
    ),
    get: sup.input(idParams).query(({ ctx, input }) => getUser(ctx.deps.db, ctx.caller, input.id)),
    create: sup.input(crmUserCreate).mutation(({ ctx, input }) =>
      createCrmUser({ db: ctx.deps.db, scryptLogN: ctx.deps.config.scryptLogN }, ctx.caller, input)
    ),
    update: sup.input(crmUserPatch.extend({ id: z.uuid() })).mutation((
      { ctx, input: { id, ...patch } },
    ) => updateCrmUser(ctx.deps.db, ctx.caller, id, patch)),
  }),
});
