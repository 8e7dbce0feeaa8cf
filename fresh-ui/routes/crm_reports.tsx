/**
 * `/app/crm/reports`: the user's XLSX report jobs with live progress and downloads, and the
 * form to start one — the `crm_reports` island over tRPC `reports.export` / `reports.jobs`; the
 * first list is loaded on the server.
 *
 * @module
 */
import { Island } from "../components/island.tsx";
import CrmReports, { type CrmReportsProps } from "../islands/crm_reports.tsx";
import type { PageContext, UiPage } from "../page.ts";
import type { RouterOutputs } from "../runtime/trpc.ts";
import { asJson, serverCaller, tryLoad } from "../trpc_server.ts";

/** How often the island refreshes while a job runs. */
export const REPORTS_POLL_MS = 1_000;

async function render(ctx: PageContext) {
  const jobs = await tryLoad(() => serverCaller(ctx).reports.jobs({ page: 1, limit: 20 }));
  const props: CrmReportsProps = {
    labels: ctx.t.crm,
    lang: ctx.lang,
    initial: jobs.data ? asJson<RouterOutputs["reports"]["jobs"]>(jobs.data) : null,
    initialError: jobs.error,
    pollMs: REPORTS_POLL_MS,
  };
  return (
    <>
      <h1>{ctx.t.crm.reportsTitle}</h1>
      <p class="intro">{ctx.t.crm.reportsIntro}</p>
      <Island name="crm_reports" component={CrmReports} props={props} />
    </>
  );
}

/** The report jobs page. */
export const crmReportsPage: UiPage = { title: (t) => t.crm.reportsTitle, render };
