/**
 * REST `/api/v1/visits` (seed 002's contract): list (engineers see their own), plan, card,
 * version-checked PATCH, complete, DELETE.
 *
 * @module
 */
import type { AnyRoute } from "../../../platform/rest/route.ts";
import { crmRoute } from "../route.ts";
import { deleteQuery, forceQuery, idParams } from "../schemas/common.ts";
import { visitComplete, visitCreate, visitListQuery, visitPatch } from "../schemas/visits.ts";
import { completeVisit } from "../visit_complete.ts";
import { createVisit, deleteVisit, getVisit, listVisits, updateVisit } from "../visits.ts";

const tags = ["crm: visits"];
const conflict = { description: "Stale version, or the visit is already completed" };

/** The visit routes. */
export const visitRoutes: AnyRoute[] = [
  crmRoute({
    method: "get",
    path: "/api/v1/visits",
    summary: "Visits in your scope (an engineer's own); filters combine with AND",
    tags,
    query: visitListQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await listVisits(deps, caller, query)),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/visits",
    summary: "Plan a visit (PLANNED; the engineer is you unless a supervisor names one)",
    tags,
    body: visitCreate,
    idempotency: { required: false },
    responses: { 201: { description: "Created" } },
    handler: async ({ c, deps, caller, body }) => {
      const row = await createVisit(deps, caller, body);
      return c.json(row, 201, { Location: `/api/v1/visits/${row.id}` });
    },
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/visits/:id",
    summary: "One visit (another engineer's visit is a 404)",
    tags,
    params: idParams,
    responses: { 200: { description: "The visit" }, 404: { description: "Not in your scope" } },
    handler: async ({ c, deps, caller, params }) => c.json(await getVisit(deps, caller, params.id)),
  }),
  crmRoute({
    method: "patch",
    path: "/api/v1/visits/:id",
    summary: "Change an open visit at the version you saw (force=true overrides)",
    tags,
    params: idParams,
    query: forceQuery,
    body: visitPatch,
    idempotency: { required: false },
    responses: { 200: { description: "Changed, version+1" }, 409: conflict },
    handler: async ({ c, deps, caller, params, query, body }) =>
      c.json(
        await updateVisit(deps, caller, params.id, { ...body, force: body.force ?? query.force }),
      ),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/visits/:id/complete",
    summary: "Complete a visit as DONE or CANCELLED (once; DONE counts on the object)",
    tags,
    params: idParams,
    body: visitComplete,
    idempotency: { required: false },
    responses: { 200: { description: "Completed, version+1" }, 409: conflict },
    handler: async ({ c, deps, caller, params, body }) =>
      c.json(await completeVisit(deps, caller, params.id, body)),
  }),
  crmRoute({
    method: "delete",
    path: "/api/v1/visits/:id",
    summary: "Delete a visit that is not DONE (kept as a sync tombstone)",
    tags,
    params: idParams,
    query: deleteQuery,
    responses: { 204: { description: "Deleted" }, 409: conflict },
    handler: async ({ c, deps, caller, params, query }) => {
      await deleteVisit(deps, caller, params.id, query);
      return c.body(null, 204);
    },
  }),
];
