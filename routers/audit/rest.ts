/**
 * REST `/api/v1/audit` (seed 002's contract): ADMIN and SUPERVISOR; ENGINEER gets 403.
 *
 * @module
 */
import { z } from "zod";
import type { AnyRoute } from "../../platform/rest/route.ts";
import { crmRoute } from "../crm/route.ts";
import { auditQuery, getAudit, listAudit } from "./list.ts";

const tags = ["crm: audit"];

/** The audit routes. */
export const auditRoutes: AnyRoute[] = [
  crmRoute({
    method: "get",
    path: "/api/v1/audit",
    summary: "Audit entries, newest first (filters: actor, entity, action, since, until)",
    tags,
    access: ["SUPERVISOR"],
    query: auditQuery,
    responses: { 200: { description: "{items,page,limit,total,pages}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await listAudit(deps.db, caller, query)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/audit/:id",
    summary: "One audit entry",
    tags,
    access: ["SUPERVISOR"],
    params: z.object({ id: z.coerce.number().int().min(1) }),
    responses: { 200: { description: "The entry" }, 404: { description: "Not found" } },
    handler: async ({ c, deps, caller, params }) =>
      c.json(await getAudit(deps.db, caller, params.id)),
  }),
];
