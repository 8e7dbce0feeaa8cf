/**
 * tRPC `audit`: the audit view of the UI (same functions as REST).
 *
 * @module
 */
import { z } from "zod";
import { supervisorProcedure } from "../crm/route.ts";
import { router } from "../trpc.ts";
import { auditQuery, getAudit, listAudit } from "./list.ts";

/** The audit router. */
export const auditRouter = router({
  list: supervisorProcedure.input(auditQuery).query(({ ctx, input }) =>
    listAudit(ctx.deps.db, ctx.caller, input)
  ),
  get: supervisorProcedure.input(z.object({ id: z.number().int().min(1) })).query((
    { ctx, input },
  ) => getAudit(ctx.deps.db, ctx.caller, input.id)),
});
