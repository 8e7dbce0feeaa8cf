/**
 * REST offline sync (seed 002's contract): `POST /api/v1/sync/batch` (HTTP 200 with per-item
 * results, see `batch.ts`) and `GET|POST /api/v1/sync/changes` (cursor pages, tombstones).
 *
 * @module
 */
import type { AnyRoute } from "../../platform/rest/route.ts";
import { crmRoute } from "../crm/route.ts";
import { applyBatch } from "./batch.ts";
import { listChanges } from "./changes.ts";
import { changesQuery, syncBatch } from "./schemas.ts";

const tags = ["crm: sync"];

/** The sync routes. */
export const syncRoutes: AnyRoute[] = [
  crmRoute({
    method: "post",
    path: "/api/v1/sync/batch",
    summary: "Push up to 1,000 offline mutations; one result per item, always HTTP 200",
    description: "Each item is applied in its own savepoint with the REST schemas and rules. " +
      "Results: created | updated | deleted | conflict (server row + per-field diff) | " +
      "rejected (code + failing payload fields). A retried mutation (same client_mutation_id, " +
      "or same content) returns its first result and changes nothing.",
    tags,
    body: syncBatch,
    idempotency: { required: false },
    responses: {
      200: { description: "{results, applied_count, conflicts_count, rejected_count}" },
    },
    handler: async ({ c, deps, caller, body }) => c.json(await applyBatch(deps, caller, body)),
  }),
  crmRoute({
    method: "get",
    path: "/api/v1/sync/changes",
    summary: "Changes after a cursor (or since a time), scoped and masked for you",
    tags,
    query: changesQuery,
    responses: { 200: { description: "{items, next_cursor, has_more}" } },
    handler: async ({ c, deps, caller, query }) => c.json(await listChanges(deps, caller, query)),
  }),
  crmRoute({
    method: "post",
    path: "/api/v1/sync/changes",
    summary: "The same as GET /sync/changes, with the query in a JSON body",
    tags,
    body: changesQuery,
    responses: { 200: { description: "{items, next_cursor, has_more}" } },
    handler: async ({ c, deps, caller, body }) => c.json(await listChanges(deps, caller, body)),
  }),
];
