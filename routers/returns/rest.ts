/**
 * The REST contract of seed 000's returns: `GET|POST /api/v1/returns`,
 * `GET|PUT|DELETE /api/v1/returns/{return_id}`, plus the status moves the original only planned
 * (`POST .../accept`, `.../reject`, `.../cancel`) and `GET .../history`. Every write requires an
 * `Idempotency-Key` of at most 128 characters, as the seed's README says.
 *
 * @module
 */
import { z } from "zod";
import type { AnyRoute } from "../../platform/rest/route.ts";
import { acceptReturn, cancelReturn, rejectReturn, returnHistory } from "./decisions.ts";
import { createReturn, deleteReturn, getReturn, listReturns, replaceReturn } from "./returns.ts";
import { ADMIN_ONLY, COURIER_ROLES, MANAGER_ROLES, STAFF_ROLES } from "./roles.ts";
import { seedRoutes } from "./route.ts";
import {
  acceptInput,
  cancelInput,
  historyOutput,
  listQuery,
  rejectInput,
  returnIdParams,
  returnInput,
  returnOutput,
  returnPageOutput,
} from "./schemas.ts";

const BASE = "/api/v1/returns";
const ONE = `${BASE}/:return_id`;
const TAGS = ["returns"];
const route = seedRoutes({
  401: { description: "No or invalid bearer token" },
  403: { description: "The caller's role may not do this" },
  404: { description: "Return not found" },
  422: { description: "Validation failed; `errors[]` names each field (e.g. items[0].qty)" },
});

const list = route({
  method: "get",
  path: BASE,
  summary: "List returns, newest first (managers and 1C)",
  tags: TAGS,
  access: MANAGER_ROLES,
  query: listQuery,
  responses: { 200: { description: "One page", schema: returnPageOutput } },
  handler: async ({ c, deps, query }) => c.json(await listReturns(deps, query)),
});

const create = route({
  method: "post",
  path: BASE,
  summary: "Register a return (couriers); 201 with Location",
  tags: TAGS,
  access: COURIER_ROLES,
  body: returnInput,
  responses: { 201: { description: "Created", schema: returnOutput } },
  handler: async ({ c, deps, actor, body }) => {
    const created = await createReturn(deps, actor, body);
    return c.json(created, 201, { Location: `${BASE}/${created.id}` });
  },
});

const get = route({
  method: "get",
  path: ONE,
  summary: "Read one return with its items in order",
  tags: TAGS,
  access: STAFF_ROLES,
  params: returnIdParams,
  responses: { 200: { description: "The return", schema: returnOutput } },
  handler: async ({ c, deps, params }) => c.json(await getReturn(deps, params.return_id)),
});

const replace = route({
  method: "put",
  path: ONE,
  summary: "Replace a pending return (full replace; managers and 1C)",
  tags: TAGS,
  access: MANAGER_ROLES,
  params: returnIdParams,
  body: returnInput,
  responses: {
    200: { description: "Replaced", schema: returnOutput },
    409: { description: "The return is no longer pending" },
  },
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await replaceReturn(deps, actor, params.return_id, body)),
});

const remove = route({
  method: "delete",
  path: ONE,
  summary: "Delete a return (administrators); 204, then GET answers 404",
  tags: TAGS,
  access: ADMIN_ONLY,
  params: returnIdParams,
  responses: { 204: { description: "Deleted" } },
  handler: async ({ c, deps, actor, params }) => {
    await deleteReturn(deps, actor, params.return_id);
    return c.body(null, 204);
  },
});

const decisionResponses = {
  200: { description: "The return after the move", schema: returnOutput },
  422: { description: "Validation failed, or 'Invalid return status transition'" },
};

const accept = route({
  method: "post",
  path: `${ONE}/accept`,
  summary: "Accept a pending return (managers and 1C); queues its 1C document",
  tags: TAGS,
  access: MANAGER_ROLES,
  params: returnIdParams,
  body: acceptInput,
  responses: decisionResponses,
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await acceptReturn(deps, actor, params.return_id, body ?? {})),
});

const reject = route({
  method: "post",
  path: `${ONE}/reject`,
  summary: "Reject a pending return with a reason (managers and 1C)",
  tags: TAGS,
  access: MANAGER_ROLES,
  params: returnIdParams,
  body: rejectInput,
  responses: decisionResponses,
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await rejectReturn(deps, actor, params.return_id, body)),
});

const cancel = route({
  method: "post",
  path: `${ONE}/cancel`,
  summary: "Cancel a pending return (its courier, or a manager)",
  tags: TAGS,
  access: STAFF_ROLES,
  params: returnIdParams,
  body: cancelInput,
  responses: decisionResponses,
  handler: async ({ c, deps, actor, params, body }) =>
    c.json(await cancelReturn(deps, actor, params.return_id, body ?? {})),
});

const history = route({
  method: "get",
  path: `${ONE}/history`,
  summary: "A return's history from the audit log, oldest first",
  tags: TAGS,
  access: STAFF_ROLES,
  params: returnIdParams,
  responses: {
    200: { description: "History", schema: z.object({ items: z.array(historyOutput) }) },
  },
  handler: async ({ c, deps, params }) =>
    c.json({ items: await returnHistory(deps, params.return_id) }),
});

/** The returns routes, for `restRoutes` in app.ts. */
export const returnsRoutes: AnyRoute[] = [
  list,
  create,
  get,
  replace,
  remove,
  accept,
  reject,
  cancel,
  history,
];
