/**
 * `/app/jobs`: the caller's background jobs (every job for admins) with live progress and a
 * replay button on dead jobs. The first page is loaded on the server through `jobs.list`; the
 * `jobs_table` island then keeps it up to date.
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import { hasRole } from "../../platform/actor.ts";
import { Island } from "../components/island.tsx";
import JobsTable, { type JobsFilter, type JobsTableProps } from "../islands/jobs_table.tsx";
import type { PageContext, UiPage } from "../page.ts";
import type { RouterOutputs } from "../runtime/trpc.ts";
import { asJson, serverCaller } from "../trpc_server.ts";
import { JOB_STATUSES } from "../../routers/jobs/schemas.ts";

/** How often the island refreshes the list. */
export const JOBS_POLL_MS = 1_000;

function readFilter(url: URL): JobsFilter {
  const status = url.searchParams.get("status");
  const page = Number(url.searchParams.get("page"));
  return {
    type: url.searchParams.get("type")?.trim().slice(0, 200) || undefined,
    status: (JOB_STATUSES as readonly string[]).includes(status ?? "")
      ? status as JobsFilter["status"]
      : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 1_000_000 ? page : 1,
  };
}

async function render(ctx: PageContext) {
  const isAdmin = hasRole(ctx.actor, "ADMIN");
  const filter = readFilter(ctx.url);
  const props: JobsTableProps = {
    labels: ctx.t.jobs,
    lang: ctx.lang,
    isAdmin,
    filter,
    initial: null,
    pollMs: JOBS_POLL_MS,
  };
  try {
    const page = await serverCaller(ctx).jobs.list({
      ...filter,
      scope: isAdmin ? "all" : "own",
      limit: 20,
    });
    props.initial = asJson<RouterOutputs["jobs"]["list"]>(page);
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    props.initialError = err.message;
  }
  return (
    <>
      <h1>{ctx.t.jobs.title}</h1>
      <p class="intro">{ctx.t.jobs.intro}</p>
      <Island name="jobs_table" component={JobsTable} props={props} />
    </>
  );
}

/** The jobs page. */
export const jobsPage: UiPage = { title: (t) => t.jobs.title, render };
