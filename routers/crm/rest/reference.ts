/**
 * REST dictionaries and analytics (seed 002's contract). Dictionaries now need a CRM login
 * (seed 002 served them to anyone).
 *
 * @module
 */
import { z } from "zod";
import type { AnyRoute } from "../../../platform/rest/route.ts";
import { objectsByCity, summary, summaryQuery } from "../analytics.ts";
import { listCities, listDistricts } from "../dictionaries.ts";
import { crmRoute } from "../route.ts";

/** Dictionary and analytics routes. */
export const referenceRoutes: AnyRoute[] = [
  crmRoute({
    method: "get",
    path: "/api/v1/dictionaries/cities",
    summary: "Cities",
    tags: ["crm: dictionaries"],
    responses: { 200: { description: "[{id,name}]" } },
    handler: async ({ c, deps }) => c.json(await listCities(deps.db)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/dictionaries/districts",
    summary: "Districts, of one city with city_id",
    tags: ["crm: dictionaries"],
    query: z.object({ city_id: z.uuid().optional() }),
    responses: { 200: { description: "[{id,city_id,name}]" } },
    handler: async ({ c, deps, query }) => c.json(await listDistricts(deps.db, query.city_id)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/analytics/summary",
    summary: "Objects by status (in work = INTEREST + CALLBACK), visits, customers",
    tags: ["crm: analytics"],
    query: summaryQuery,
    responses: { 200: { description: "Counts in your scope" } },
    handler: async ({ c, deps, caller, query }) =>
      c.json(await summary(deps, caller, query.period)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/analytics/objects/by-city",
    summary: "Objects per city and status",
    tags: ["crm: analytics"],
    responses: { 200: { description: "[{city_id,city_name,total,by_status}]" } },
    handler: async ({ c, deps, caller }) => c.json(await objectsByCity(deps, caller)),
  }),
];
