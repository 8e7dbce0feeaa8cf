/**
 * REST `/api/v1/objects` (seed 002's contract): list with AND-ed filters and page envelope,
 * create, card, version-checked PATCH (`force` in body or query), DELETE, delegate, and the
 * supervisor's `my-tasks` (declared before `/{id}` so it is reachable, unlike in seed 002).
 *
 * @module
 */
import { z } from "zod";
import type { AnyRoute } from "../../../platform/rest/route.ts";
import {
  createObject,
  delegateObject,
  deleteObject,
  getObject,
  listObjects,
  myTasks,
  updateObject,
} from "../objects.ts";
import { crmRoute } from "../route.ts";
import { pageQuery } from "../../../platform/paging.ts";
import { deleteQuery, forceQuery, idParams } from "../schemas/common.ts";
import { delegateQuery, objectCreate, objectListQuery, objectPatch } from "../schemas/objects.ts";

const tags = ["crm: objects"];
const conflict = { description: "Stale version: server row, per-field diff, STALE_VERSION" };

/** The object routes. */
export const objectRoutes: AnyRoute[] = [
  crmRoute({
    method: "get",
    path: "/api/v1/objects",
    summary: "Objects in your cities; filters combine with AND",
    tags,
    query: objectListQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await listObjects(deps, caller, query)),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/objects",
    summary: "Create an object (ADMIN, SUPERVISOR in their cities)",
    tags,
    body: objectCreate,
    idempotency: { required: false },
    responses: { 201: { description: "Created, version 1" } },
    handler: async ({ c, deps, caller, body }) => {
      const row = await createObject(deps, caller, body);
      return c.json(row, 201, { Location: `/api/v1/objects/${row.id}` });
    },
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/objects/my-tasks",
    summary: "Objects delegated to you (SUPERVISOR)",
    tags,
    access: ["SUPERVISOR"],
    query: pageQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await myTasks(deps, caller, query)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/objects/:id",
    summary: "One object",
    tags,
    params: idParams,
    responses: { 200: { description: "The object" }, 404: { description: "Not in your scope" } },
    handler: async ({ c, deps, caller, params }) =>
      c.json(await getObject(deps, caller, params.id)),
  }),
  crmRoute({
    method: "patch",
    path: "/api/v1/objects/:id",
    summary: "Change an object at the version you saw (force=true overrides)",
    tags,
    access: ["SUPERVISOR"],
    params: idParams,
    query: forceQuery,
    body: objectPatch,
    idempotency: { required: false },
    responses: { 200: { description: "Changed, version+1" }, 409: conflict },
    handler: async ({ c, deps, caller, params, query, body }) =>
      c.json(
        await updateObject(deps, caller, params.id, { ...body, force: body.force ?? query.force }),
      ),
  }),
  crmRoute({
    method: "delete",
    path: "/api/v1/objects/:id",
    summary: "Delete an object without visits or customers (kept as a sync tombstone)",
    tags,
    access: ["SUPERVISOR"],
    params: idParams,
    query: deleteQuery,
    responses: { 204: { description: "Deleted" }, 409: conflict },
    handler: async ({ c, deps, caller, params, query }) => {
      await deleteObject(deps, caller, params.id, query);
      return c.body(null, 204);
    },
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/objects/:id/delegate",
    summary: "Delegate an object to a supervisor of its city",
    tags,
    access: ["SUPERVISOR"],
    params: idParams,
    query: delegateQuery,
    body: z.object({}).optional(),
    idempotency: { required: false },
    responses: { 200: { description: "Delegated, version+1" } },
    handler: async ({ c, deps, caller, params, query }) =>
      c.json(await delegateObject(deps, caller, params.id, query.supervisor_id)),
  }),
];
