/**
 * `/app/jobs`: the caller's background jobs (every job for admins) with live progress and a
 * replay button on dead jobs. The first page is loaded on the server through `jobs.list`; the
 * `jobs_table` island then keeps it up to date.
 *
 * @module
 */
import { hasRole } from "../../platform/actor.ts";
import { Island } from "../components/island.tsx";
import { oneOf, pageParam } from "../components/query.ts";
import JobsTable, { type JobsFilter, type JobsTableProps } from "../islands/jobs_table.tsx";
import type { PageContext, UiPage } from "../page.ts";
import type { RouterOutputs } from "../runtime/trpc.ts";
import { asJson, serverCaller, tryLoad } from "../trpc_server.ts";
import { JOB_STATUSES } from "../../db/schema_jobs.ts";

/** How often the island refreshes the list. */
export const JOBS_POLL_MS = 1_000;

function readFilter(url: URL): JobsFilter {
  return {
    type: url.searchParams.get("type")?.trim().slice(0, 200) || undefined,
    status: oneOf(JOB_STATUSES, url.searchParams.get("status")),
    page: pageParam(url, 1_000_000),
  };
}

async function render(ctx: PageContext) {
  const isAdmin = hasRole(ctx.actor, "ADMIN");
  const filter = readFilter(ctx.url);
  const page = await tryLoad(() =>
    serverCaller(ctx).jobs.list({ ...filter, scope: isAdmin ? "all" : "own", limit: 20 })
  );
  const props: JobsTableProps = {
    labels: ctx.t.jobs,
    lang: ctx.lang,
    isAdmin,
    filter,
    initial: page.data ? asJson<RouterOutputs["jobs"]["list"]>(page.data) : null,
    pollMs: JOBS_POLL_MS,
    initialError: page.error,
  };
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
