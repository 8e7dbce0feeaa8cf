/**
 * Input schemas of visits (REST, tRPC and sync share them).
 *
 * @module
 */
import { z } from "zod";
import { INTERESTS, VISIT_STATUSES } from "../../../db/schema_crm.ts";
import { pageQuery } from "../../../platform/paging.ts";
import { flag, instant, lockFields, sortParam } from "./common.ts";

const interests = z.array(z.enum(INTERESTS)).max(INTERESTS.length).transform((a) => [
  ...new Set(a),
]);
const lat = z.number().min(-90).max(90);
const lng = z.number().min(-180).max(180);

/**
 * `POST /visits`: planned by the engineer for themselves; ADMIN and SUPERVISOR may plan it for
 * an engineer (`engineer_id`).
 */
export const visitCreate = z.object({
  object_id: z.uuid(),
  unit_id: z.uuid().nullable().optional(),
  customer_id: z.uuid().nullable().optional(),
  engineer_id: z.uuid().optional(),
  scheduled_at: instant.nullable().optional(),
  interests: interests.optional(),
  next_action_due_at: instant.nullable().optional(),
});
/** Parsed create input. */
export type VisitCreate = z.output<typeof visitCreate>;

/** The fields a PATCH may change; DONE and CANCELLED only come through `complete`. */
export const visitChanges = z.object({
  unit_id: z.uuid().nullable(),
  customer_id: z.uuid().nullable(),
  scheduled_at: instant.nullable(),
  started_at: instant.nullable(),
  status: z.enum(["PLANNED", "IN_PROGRESS"]),
  interests,
  outcome_text: z.string().max(5000).nullable(),
  next_action_due_at: instant.nullable(),
  geo_captured_lat: lat.nullable(),
  geo_captured_lng: lng.nullable(),
}).partial();
/** Parsed changes. */
export type VisitChanges = z.output<typeof visitChanges>;

/** `PATCH /visits/{id}`. */
export const visitPatch = visitChanges.extend(lockFields);
/** Parsed PATCH body. */
export type VisitPatch = z.output<typeof visitPatch>;

/** `POST /visits/{id}/complete`: the outcome is required, and so is the version. */
export const visitComplete = z.object({
  status: z.enum(["DONE", "CANCELLED"]),
  outcome_text: z.string().trim().min(1).max(5000),
  interests: interests.optional(),
  next_action_due_at: instant.nullable().optional(),
  geo_captured_lat: lat.nullable().optional(),
  geo_captured_lng: lng.nullable().optional(),
  version: z.number().int().min(1),
  force: z.boolean().optional(),
});
/** Parsed completion. */
export type VisitComplete = z.output<typeof visitComplete>;

/** `GET /visits` filters (AND). */
export const visitListQuery = pageQuery.extend({
  object_id: z.uuid().optional(),
  engineer_id: z.uuid().optional(),
  customer_id: z.uuid().optional(),
  status: z.enum(VISIT_STATUSES).optional(),
  date_from: instant.optional(),
  date_to: instant.optional(),
  /** Only visits whose next action is due now or earlier. */
  next_action_due: flag.optional(),
  sort: sortParam(
    ["scheduled_at", "created_at", "updated_at", "finished_at", "next_action_due_at"] as const,
    "-created_at",
  ),
});
/** Parsed list query. */
export type VisitListQuery = z.output<typeof visitListQuery>;

/** The list's filters alone (exports take them too). */
export const visitFilters = visitListQuery.omit({ page: true, limit: true, sort: true });
/** Parsed filters. */
export type VisitFilters = z.output<typeof visitFilters>;
