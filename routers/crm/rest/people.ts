/**
 * REST `/api/v1/users` (seed 002's contract): `me` with role, cities and scopes; supervisors
 * search; and user management for ADMIN (everyone) and SUPERVISOR (engineers of their cities).
 *
 * @module
 */
import type { AnyRoute } from "../../../platform/rest/route.ts";
import { crmRoute } from "../route.ts";
import { idParams } from "../schemas/common.ts";
import {
  crmUserCreate,
  crmUserListQuery,
  crmUserPatch,
  supervisorsQuery,
} from "../schemas/users.ts";
import { createCrmUser, getUser, listSupervisors, listUsers, me, updateCrmUser } from "../users.ts";

const tags = ["crm: users"];

/** The user routes. */
export const peopleRoutes: AnyRoute[] = [
  crmRoute({
    method: "get",
    path: "/api/v1/users/me",
    summary: "You: role, cities and scopes",
    tags,
    responses: { 200: { description: "The current user" } },
    handler: async ({ c, deps, caller }) => c.json(await me(deps.db, caller)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/users/supervisors",
    summary: "Supervisors by name or e-mail (contacts masked for engineers)",
    tags,
    query: supervisorsQuery,
    responses: { 200: { description: "Up to 100 supervisors" } },
    handler: async ({ c, deps, caller, query }) =>
      c.json(await listSupervisors(deps.db, caller, query.q)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/users",
    summary: "Users you manage (ADMIN: all; SUPERVISOR: engineers of your cities)",
    tags,
    access: ["SUPERVISOR"],
    query: crmUserListQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await listUsers(deps.db, caller, query)),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/users",
    summary: "Create a user (SUPERVISOR: engineers in your cities)",
    tags,
    access: ["SUPERVISOR"],
    body: crmUserCreate,
    idempotency: { required: false },
    responses: { 201: { description: "Created" }, 409: { description: "E-mail taken" } },
    handler: async ({ c, deps, caller, body }) => {
      const user = await createCrmUser(
        { db: deps.db, scryptLogN: deps.config.scryptLogN },
        caller,
        body,
      );
      return c.json(user, 201, { Location: `/api/v1/users/${user.id}` });
    },
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/users/:id",
    summary: "A user you manage",
    tags,
    access: ["SUPERVISOR"],
    params: idParams,
    responses: { 200: { description: "The user" }, 404: { description: "Not yours to manage" } },
    handler: async ({ c, deps, caller, params }) =>
      c.json(await getUser(deps.db, caller, params.id)),
  }),
  crmRoute({
    method: "patch",
    path: "/api/v1/users/:id",
    summary: "Change a user you manage (only ADMIN changes roles)",
    tags,
    access: ["SUPERVISOR"],
    params: idParams,
    body: crmUserPatch,
    idempotency: { required: false },
    responses: { 200: { description: "Changed" } },
    handler: async ({ c, deps, caller, params, body }) =>
      c.json(await updateCrmUser(deps.db, caller, params.id, body)),
  }),
];
