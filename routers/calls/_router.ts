/**
 * tRPC `calls`: start an export and watch its progress, list calls, read one with its
 * transcript, search transcripts, retry a call, and (administrators) the STT dead-letter list
 * and its requeue. Same domain functions and roles as the REST routes.
 *
 * @module
 */
import { z } from "zod";
import { roleProcedure, router } from "../trpc.ts";
import { getCall, listCalls, retryCall } from "./calls.ts";
import { listDeadLetters, requeueDeadLetter } from "./dead_letters.ts";
import { CALLS_ADMIN_ROLES, CALLS_MANAGE_ROLES, CALLS_VIEW_ROLES } from "./roles.ts";
import { getRun, listRuns, runFiles, runViews, startExport } from "./runs.ts";
import { idInput, listCallsInput, readRange, searchInput, startExportInput } from "./schemas.ts";
import { searchTranscripts } from "./search.ts";

const view = roleProcedure(...CALLS_VIEW_ROLES);
const manage = roleProcedure(...CALLS_MANAGE_ROLES);
const admin = roleProcedure(...CALLS_ADMIN_ROLES);

/** The calls router. */
export const callsRouter = router({
  startExport: manage.input(startExportInput).mutation(async ({ ctx, input }) => {
    const tz = ctx.deps.config.calls.timeZone;
    const r = readRange(input.from, input.to, ["from", "to"], tz, "Invalid period range", "input");
    const { run, created } = await startExport(ctx.deps, ctx.actor, { days: input.days, ...r });
    return { created, run: (await runViews(ctx.deps.db, [run]))[0] };
  }),
  run: view.input(idInput).query(({ ctx, input }) => getRun(ctx.deps, input.id)),
  runs: view.input(z.object({ limit: z.number().int().min(1).max(100).default(20) }).optional())
    .query(({ ctx, input }) => listRuns(ctx.deps, { limit: input?.limit ?? 20 })),
  files: manage.input(idInput).query(({ ctx, input }) => runFiles(ctx.deps, input.id)),
  list: view.input(listCallsInput).query(({ ctx, input }) => {
    const tz = ctx.deps.config.calls.timeZone;
    const r = readRange(input.from, input.to, ["from", "to"], tz, "Invalid date range", "input");
    return listCalls(ctx.deps, ctx.actor, { ...input, from: r.from, to: r.to });
  }),
  get: view.input(idInput).query(({ ctx, input }) => getCall(ctx.deps, ctx.actor, input.id)),
  search: view.input(searchInput).query(({ ctx, input }) => {
    const tz = ctx.deps.config.calls.timeZone;
    const r = readRange(input.from, input.to, ["from", "to"], tz, "Invalid date range", "input");
    return searchTranscripts(ctx.deps, ctx.actor, { ...input, from: r.from, to: r.to });
  }),
  retry: manage.input(idInput).mutation(({ ctx, input }) =>
    retryCall(ctx.deps, ctx.actor, input.id)
  ),
  deadLetters: admin.input(
    z.object({ limit: z.number().int().min(1).max(500).default(100) }).optional(),
  )
    .query(({ ctx, input }) => listDeadLetters(ctx.deps, { limit: input?.limit ?? 100 })),
  requeue: admin.input(z.object({ entryId: z.uuid() })).mutation(({ ctx, input }) =>
    requeueDeadLetter(ctx.deps, ctx.actor, input.entryId)
  ),
});
