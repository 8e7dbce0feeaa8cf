/**
 * tRPC `admin` (ADMIN only): every job, the outbox and the inbox — list with filters, read,
 * and replay what went dead.
 *
 * @module
 */
import { replayInbox } from "../../jobs/inbox.ts";
import { replayOutbox } from "../../jobs/outbox.ts";
import { getJobFor, listJobs, replayJobFor } from "../jobs/jobs.ts";
import { jobIdInput, listJobsInput } from "../jobs/schemas.ts";
import { roleProcedure, router } from "../trpc.ts";
import { inboxView, listInbox, listOutbox, outboxView } from "./messages.ts";
import { listInboxInput, listOutboxInput, messageIdInput } from "./schemas.ts";

const admin = roleProcedure("ADMIN");

/** The admin router. */
export const adminRouter = router({
  jobs: router({
    list: admin.input(listJobsInput.omit({ scope: true }))
      .query(({ ctx, input }) => listJobs(ctx.deps, ctx.actor, { ...input, scope: "all" })),
    get: admin.input(jobIdInput).query(({ ctx, input }) =>
      getJobFor(ctx.deps, ctx.actor, input.id)
    ),
    replay: admin.input(jobIdInput)
      .mutation(({ ctx, input }) => replayJobFor(ctx.deps, ctx.actor, input.id)),
  }),
  outbox: router({
    list: admin.input(listOutboxInput).query(({ ctx, input }) => listOutbox(ctx.deps, input)),
    replay: admin.input(messageIdInput).mutation(async ({ ctx, input }) =>
      outboxView(await replayOutbox(ctx.deps, ctx.actor, input.id))
    ),
  }),
  inbox: router({
    list: admin.input(listInboxInput).query(({ ctx, input }) => listInbox(ctx.deps, input)),
    replay: admin.input(messageIdInput).mutation(async ({ ctx, input }) =>
      inboxView(await replayInbox(ctx.deps, ctx.actor, input.id))
    ),
  }),
});
