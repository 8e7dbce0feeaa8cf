/**
 * The seed's REST contract for call texts: the registry (`GET /api/v1/call-registry`), the
 * call exports (`GET /api/v1/b24-calls/export.csv|.json`) and the STT dead-letter requeue
 * (`POST /api/v1/admin/stt/dlq/{entry_id}/requeue`), plus starting and reading an export run
 * (`POST /api/v1/call-exports`, `GET /api/v1/call-exports/{id}`). Files stream from the
 * database in batches and are never cached (`Cache-Control: no-store`); the names follow the
 * seed (`registry/calls_<from>_<to>.csv`, `b24_calls_<from|start>_<to|end>.csv`).
 *
 * @module
 */
import { z } from "zod";
import { type AnyRoute, defineRoute } from "../../platform/rest/route.ts";
import { requeueDeadLetter } from "./dead_letters.ts";
import { registryFileName } from "./layout.ts";
import { exportJsonStream, registryCsvStream } from "./registry.ts";
import { CALLS_ADMIN_ROLES, CALLS_MANAGE_ROLES, CALLS_VIEW_ROLES } from "./roles.ts";
import { getRun, runViews, startExport } from "./runs.ts";
import {
  dlqParams,
  exportQuery,
  idInput,
  readRange,
  registryQuery,
  startExportInput,
} from "./schemas.ts";
import { fileStamp } from "./time.ts";

const TAGS = ["calls"];
const problems = {
  400: { description: "Invalid period range / Invalid date range" },
  401: { description: "No or invalid bearer token" },
  403: { description: "The caller's role may not do this" },
  422: { description: "Validation failed; `errors[]` names each field" },
};

function download(body: ReadableStream<Uint8Array>, type: string, filename?: string): Response {
  const headers: Record<string, string> = { "Content-Type": type, "Cache-Control": "no-store" };
  if (filename) headers["Content-Disposition"] = `attachment; filename="${filename}"`;
  return new Response(body, { headers });
}

/** Reads the `names` pair of `query` as a range (a 400 titled `title` when it is reversed). */
function queryRange<K extends string>(
  query: { [k in K]?: string },
  names: [K, K],
  timeZone: string,
  title: string,
) {
  return readRange(query[names[0]], query[names[1]], names, timeZone, title);
}

const registry = defineRoute({
  method: "get",
  path: "/api/v1/call-registry",
  summary: "The call registry of a period as CSV (schema v0.2.0: 20 columns, `;`, UTF-8 BOM)",
  tags: TAGS,
  access: CALLS_MANAGE_ROLES,
  query: registryQuery,
  responses: { 200: { description: "CSV", contentType: "text/csv" }, ...problems },
  handler: ({ deps, query }) => {
    const tz = deps.config.calls.timeZone;
    const r = queryRange(query, ["period_from", "period_to"], tz, "Invalid period range");
    const body = registryCsvStream(deps.db, r, { timeZone: tz });
    const name = `registry/${registryFileName(r.from!, r.to!, tz)}`;
    return Promise.resolve(download(body, "text/csv; charset=utf-8", name));
  },
});

function exportRoute(format: "csv" | "json") {
  return defineRoute({
    method: "get",
    path: `/api/v1/b24-calls/export.${format}`,
    summary: format === "csv"
      ? "Calls as CSV: the registry's 20 columns and `has_text`"
      : "Calls as a JSON array (cost as a string, `transcript_path` null without text)",
    tags: TAGS,
    access: CALLS_MANAGE_ROLES,
    query: exportQuery,
    responses: {
      200: { description: format.toUpperCase(), contentType: `text/${format}` },
      ...problems,
    },
    handler: ({ deps, query }) => {
      const tz = deps.config.calls.timeZone;
      const r = queryRange(query, ["date_from", "date_to"], tz, "Invalid date range");
      const filter = { ...r, employeeId: query.employee_id, hasText: query.has_text };
      if (format === "json") {
        return Promise.resolve(
          download(exportJsonStream(deps.db, filter, tz), "application/json; charset=utf-8"),
        );
      }
      const name = `b24_calls_${r.from ? fileStamp(r.from, tz) : "start"}_${
        r.to ? fileStamp(r.to, tz) : "end"
      }.csv`;
      const body = registryCsvStream(deps.db, filter, { timeZone: tz, withHasText: true });
      return Promise.resolve(download(body, "text/csv; charset=utf-8", name));
    },
  });
}

const requeue = defineRoute({
  method: "post",
  path: "/api/v1/admin/stt/dlq/:entry_id/requeue",
  summary: "Requeue a dead-lettered transcription (administrators)",
  tags: TAGS,
  access: CALLS_ADMIN_ROLES,
  params: dlqParams,
  responses: {
    200: { description: "`{status: requeued, entry_id, job, reason, failed_at, status_code}`" },
    404: { description: "DLQ entry not found" },
    ...problems,
  },
  handler: async ({ c, deps, actor, params }) =>
    c.json(await requeueDeadLetter(deps, actor, params.entry_id)),
});

const start = defineRoute({
  method: "post",
  path: "/api/v1/call-exports",
  summary: "Start an export of a period (or return the one in progress for it)",
  tags: TAGS,
  access: CALLS_MANAGE_ROLES,
  body: startExportInput.optional(),
  idempotency: { required: false, maxKeyLength: 128 },
  responses: {
    201: { description: "Started" },
    200: { description: "A run of this period is already in progress" },
    ...problems,
  },
  handler: async ({ c, deps, actor, body }) => {
    const tz = deps.config.calls.timeZone;
    const input = body ?? {};
    const r = readRange(input.from, input.to, ["from", "to"], tz, "Invalid period range", "body");
    const { run, created } = await startExport(deps, actor, { days: input.days, ...r });
    return c.json((await runViews(deps.db, [run]))[0], created ? 201 : 200, {
      Location: `/api/v1/call-exports/${run.id}`,
    });
  },
});

const read = defineRoute({
  method: "get",
  path: "/api/v1/call-exports/:id",
  summary: "An export run with its live progress and, once done, its summary",
  tags: TAGS,
  access: CALLS_VIEW_ROLES,
  params: idInput,
  responses: { 200: { description: "The run", schema: z.object({ id: z.string() }) }, ...problems },
  handler: async ({ c, deps, params }) => c.json(await getRun(deps, params.id)),
});

/** The call-texts REST routes. */
export const callsRoutes: AnyRoute[] = [
  registry,
  exportRoute("csv"),
  exportRoute("json"),
  requeue,
  start,
  read,
];
