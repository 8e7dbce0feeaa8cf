/**
 * tRPC `reports`: exports, jobs with progress, previews (same functions as REST). Downloads
 * go through the REST route, which streams the file.
 *
 * @module
 */
import { crmProcedure } from "../crm/route.ts";
import { pageQuery } from "../../platform/paging.ts";
import { idParams } from "../crm/schemas/common.ts";
import { router } from "../trpc.ts";
import { getReportJob, listReportJobs, previewReport, requestExport } from "./jobs.ts";
import { exportInput, previewInput } from "./sources.ts";

/** The reports router. */
export const reportsRouter = router({
  export: crmProcedure.input(exportInput).mutation(({ ctx, input }) =>
    requestExport(ctx.deps, ctx.caller, input)
  ),
  jobs: crmProcedure.input(pageQuery).query(({ ctx, input }) =>
    listReportJobs(ctx.deps.db, ctx.caller, input)
  ),
  job: crmProcedure.input(idParams).query(({ ctx, input }) =>
    getReportJob(ctx.deps.db, ctx.caller, input.id)
  ),
  preview: crmProcedure.input(previewInput).query(({ ctx, input }) =>
    previewReport(ctx.deps.db, ctx.caller, input)
  ),
});
