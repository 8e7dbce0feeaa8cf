/**
 * tRPC `system`: ping and readiness for the UI.
 *
 * @module
 */
import { publicProcedure, router } from "../trpc.ts";
import { checkDatabase, pong } from "./health.ts";

/** The system router. */
export const systemRouter = router({
  ping: publicProcedure.query(() => pong()),
  ready: publicProcedure.query(async ({ ctx }) => ({
    database: await checkDatabase(ctx.deps.db),
    engine: ctx.deps.dbKind,
  })),
});
