/**
 * tRPC `jobs`: the UI's job page — the caller's jobs with live progress and results, and a
 * retry of a dead or failed one. Admins may list everyone's (`scope: "all"`).
 *
 * @module
 */
import { authedProcedure, router } from "../trpc.ts";
import { getJobFor, listJobs, replayJobFor } from "./jobs.ts";
import { jobIdInput, listJobsInput } from "./schemas.ts";

/** The jobs router. */
export const jobsRouter = router({
  list: authedProcedure.input(listJobsInput)
    .query(({ ctx, input }) => listJobs(ctx.deps, ctx.actor, input)),
  get: authedProcedure.input(jobIdInput)
    .query(({ ctx, input }) => getJobFor(ctx.deps, ctx.actor, input.id)),
  replay: authedProcedure.input(jobIdInput)
    .mutation(({ ctx, input }) => replayJobFor(ctx.deps, ctx.actor, input.id)),
});
