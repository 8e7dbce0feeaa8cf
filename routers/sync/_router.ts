/**
 * tRPC `sync`: the offline push and pull for the UI and typed clients (same functions as REST).
 *
 * @module
 */
import { crmProcedure } from "../crm/route.ts";
import { router } from "../trpc.ts";
import { applyBatch } from "./batch.ts";
import { listChanges } from "./changes.ts";
import { changesQuery, syncBatch } from "./schemas.ts";

/** The sync router. */
export const syncRouter = router({
  batch: crmProcedure.input(syncBatch).mutation(({ ctx, input }) =>
    applyBatch(ctx.deps, ctx.caller, input)
  ),
  changes: crmProcedure.input(changesQuery).query(({ ctx, input }) =>
    listChanges(ctx.deps, ctx.caller, input)
  ),
});
