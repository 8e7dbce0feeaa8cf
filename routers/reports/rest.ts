/**
 * REST reports (seed 002's contract): `POST /reports/export` (201 with the job; 200 with the
 * same job when an identical request came in the last 5 minutes), `GET /reports/jobs`,
 * `GET /reports/jobs/{id}`, `GET /reports/jobs/{id}/download`, `POST /reports/preview`.
 *
 * @module
 */
import type { AnyRoute } from "../../platform/rest/route.ts";
import { crmRoute } from "../crm/route.ts";
import { pageQuery } from "../../platform/paging.ts";
import { idParams } from "../crm/schemas/common.ts";
import { downloadReport } from "./download.ts";
import { getReportJob, listReportJobs, previewReport, requestExport } from "./jobs.ts";
import { exportInput, previewInput } from "./sources.ts";

const tags = ["crm: reports"];

/** The report routes. */
export const reportRoutes: AnyRoute[] = [
  crmRoute({
    method: "post",
    path: "/api/v1/reports/export",
    summary: "Start an XLSX export of objects, visits or customers (your scope, your filters)",
    tags,
    body: exportInput,
    idempotency: { required: false },
    responses: {
      201: { description: "Job created (pending)" },
      200: { description: "The identical job of the last 5 minutes" },
      429: { description: "Over the export limit (10 per 5 minutes by default)" },
    },
    handler: async ({ c, deps, caller, body }) => {
      const job = await requestExport(deps, caller, body);
      return c.json(job, job.deduplicated ? 200 : 201, {
        Location: `/api/v1/reports/jobs/${job.id}`,
      });
    },
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/reports/jobs",
    summary: "Your report jobs, newest first, with progress",
    tags,
    query: pageQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) =>
      c.json(await listReportJobs(deps.db, caller, query)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/reports/jobs/:id",
    summary: "One of your report jobs",
    tags,
    params: idParams,
    responses: { 200: { description: "The job" }, 404: { description: "Not yours" } },
    handler: async ({ c, deps, caller, params }) =>
      c.json(await getReportJob(deps.db, caller, params.id)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/reports/jobs/:id/download",
    summary: "Download a finished report (audited); 400 before it is done",
    tags,
    params: idParams,
    responses: {
      200: {
        description: "The XLSX file",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      },
      400: { description: "Not done yet" },
      404: { description: "Not yours, or expired" },
    },
    handler: ({ deps, caller, params }) => downloadReport(deps, caller, params.id),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/reports/preview",
    summary: "The first rows (≤ 1,000) of a report, as the export would write them",
    tags,
    body: previewInput,
    responses: { 200: { description: "{columns, rows, total}" } },
    handler: async ({ c, deps, caller, body }) =>
      c.json(await previewReport(deps.db, caller, body)),
  }),
];
