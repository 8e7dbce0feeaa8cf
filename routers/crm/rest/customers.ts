/**
 * REST `/api/v1/customers` (seed 002's contract): list with AND-ed filters, create, card,
 * version-checked PATCH, DELETE. Phones and e-mails are masked for engineers in every answer,
 * including the POST response that seed 002 leaked.
 *
 * @module
 */
import type { AnyRoute } from "../../../platform/rest/route.ts";
import {
  createCustomer,
  deleteCustomer,
  getCustomer,
  listCustomers,
  updateCustomer,
} from "../customers.ts";
import { crmRoute } from "../route.ts";
import { deleteQuery, forceQuery, idParams } from "../schemas/common.ts";
import { customerCreate, customerListQuery, customerPatch } from "../schemas/customers.ts";

const tags = ["crm: customers"];

/** The customer routes. */
export const customerRoutes: AnyRoute[] = [
  crmRoute({
    method: "get",
    path: "/api/v1/customers",
    summary: "Customers at objects in your cities; filters combine with AND",
    tags,
    query: customerListQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await listCustomers(deps, caller, query)),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/customers",
    summary: "Create a customer (phone normalized to +7XXXXXXXXXX, unique)",
    tags,
    body: customerCreate,
    idempotency: { required: false },
    responses: { 201: { description: "Created" }, 409: { description: "Phone already used" } },
    handler: async ({ c, deps, caller, body }) => {
      const row = await createCustomer(deps, caller, body);
      return c.json(row, 201, { Location: `/api/v1/customers/${row.id}` });
    },
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/customers/:id",
    summary: "One customer",
    tags,
    params: idParams,
    responses: { 200: { description: "The customer" }, 404: { description: "Not in scope" } },
    handler: async ({ c, deps, caller, params }) =>
      c.json(await getCustomer(deps, caller, params.id)),
  }),
  crmRoute({
    method: "patch",
    path: "/api/v1/customers/:id",
    summary: "Change a customer at the version you saw (engineers: the ones they created)",
    tags,
    params: idParams,
    query: forceQuery,
    body: customerPatch,
    idempotency: { required: false },
    responses: { 200: { description: "Changed" }, 409: { description: "Stale version" } },
    handler: async ({ c, deps, caller, params, query, body }) =>
      c.json(
        await updateCustomer(deps, caller, params.id, {
          ...body,
          force: body.force ?? query.force,
        }),
      ),
  }),
  crmRoute({
    method: "delete",
    path: "/api/v1/customers/:id",
    summary: "Delete a customer (ADMIN, SUPERVISOR)",
    tags,
    access: ["SUPERVISOR"],
    params: idParams,
    query: deleteQuery,
    responses: { 204: { description: "Deleted" } },
    handler: async ({ c, deps, caller, params, query }) => {
      await deleteCustomer(deps, caller, params.id, query);
      return c.body(null, 204);
    },
  }),
];
