/**
 * tRPC `returns`: the same operations as the REST contract, on the same domain functions and
 * zod schemas, with the same roles (see `roles.ts`). Mutations honour an `Idempotency-Key`
 * header through the platform's middleware.
 *
 * @module
 */
import { z } from "zod";
import { roleProcedure, router } from "../trpc.ts";
import { acceptReturn, cancelReturn, rejectReturn, returnHistory } from "./decisions.ts";
import { createReturn, deleteReturn, getReturn, listReturns, replaceReturn } from "./returns.ts";
import { COURIER_ROLES, MANAGER_ROLES, STAFF_ROLES } from "./roles.ts";
import { acceptInput, cancelInput, listQuery, rejectInput, returnInput } from "./schemas.ts";

const byId = z.object({ id: z.uuid() });
const manager = roleProcedure(...MANAGER_ROLES);
const staff = roleProcedure(...STAFF_ROLES);

/** The returns router. */
export const returnsRouter = router({
  list: manager.input(listQuery).query(({ ctx, input }) => listReturns(ctx.deps, input)),
  get: staff.input(byId).query(({ ctx, input }) => getReturn(ctx.deps, input.id)),
  history: staff.input(byId).query(({ ctx, input }) => returnHistory(ctx.deps, input.id)),
  create: roleProcedure(...COURIER_ROLES).input(returnInput)
    .mutation(({ ctx, input }) => createReturn(ctx.deps, ctx.actor, input)),
  replace: manager.input(byId.extend({ data: returnInput }))
    .mutation(({ ctx, input }) => replaceReturn(ctx.deps, ctx.actor, input.id, input.data)),
  remove: roleProcedure("ADMIN").input(byId)
    .mutation(async ({ ctx, input }) => {
      await deleteReturn(ctx.deps, ctx.actor, input.id);
      return { id: input.id, deleted: true as const };
    }),
  accept: manager.input(byId.extend({ data: acceptInput }))
    .mutation(({ ctx, input }) => acceptReturn(ctx.deps, ctx.actor, input.id, input.data ?? {})),
  reject: manager.input(byId.extend({ data: rejectInput }))
    .mutation(({ ctx, input }) => rejectReturn(ctx.deps, ctx.actor, input.id, input.data)),
  cancel: staff.input(byId.extend({ data: cancelInput }))
    .mutation(({ ctx, input }) => cancelReturn(ctx.deps, ctx.actor, input.id, input.data ?? {})),
});
