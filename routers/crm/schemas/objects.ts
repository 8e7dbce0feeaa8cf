/**
 * Input schemas of objects, shared by REST, tRPC and offline sync so the three can never
 * disagree on what is valid.
 *
 * @module
 */
import { z } from "zod";
import { OBJECT_STATUSES, OBJECT_TYPES } from "../../../db/schema_crm.ts";
import { phoneSchema } from "../phone.ts";
import { pageQuery } from "../../../platform/paging.ts";
import { lockFields, sortParam } from "./common.ts";

const fields = {
  type: z.enum(OBJECT_TYPES),
  address: z.string().trim().min(5).max(500),
  city_id: z.uuid(),
  district_id: z.uuid().nullable(),
  gps_lat: z.number().min(-90).max(90).nullable(),
  gps_lng: z.number().min(-180).max(180).nullable(),
  status: z.enum(OBJECT_STATUSES),
  tags: z.array(z.string().trim().min(1).max(50)).max(50),
  responsible_user_id: z.uuid().nullable(),
  contact_name: z.string().trim().max(200).nullable(),
  contact_phone: phoneSchema.nullable(),
};

/** `POST /objects`: type, address and city are required; status starts at NEW. */
export const objectCreate = z.object({
  type: fields.type,
  address: fields.address,
  city_id: fields.city_id,
  district_id: fields.district_id.optional(),
  gps_lat: fields.gps_lat.optional(),
  gps_lng: fields.gps_lng.optional(),
  status: fields.status.optional(),
  tags: fields.tags.optional(),
  responsible_user_id: fields.responsible_user_id.optional(),
  contact_name: fields.contact_name.optional(),
  contact_phone: fields.contact_phone.optional(),
});
/** Parsed create input. */
export type ObjectCreate = z.output<typeof objectCreate>;

/** The fields a PATCH may change. */
export const objectChanges = z.object(fields).partial();
/** Parsed changes. */
export type ObjectChanges = z.output<typeof objectChanges>;

/** `PATCH /objects/{id}`: changes plus `version` (or `force`). */
export const objectPatch = objectChanges.extend(lockFields);
/** Parsed PATCH body. */
export type ObjectPatch = z.output<typeof objectPatch>;

/** `GET /objects` filters; they combine with AND. */
export const objectListQuery = pageQuery.extend({
  city_id: z.uuid().optional(),
  district_id: z.uuid().optional(),
  status: z.enum(OBJECT_STATUSES).optional(),
  type: z.enum(OBJECT_TYPES).optional(),
  responsible_user_id: z.uuid().optional(),
  search: z.string().trim().min(1).max(200).optional(),
  near_lat: z.coerce.number().min(-90).max(90).optional(),
  near_lng: z.coerce.number().min(-180).max(180).optional(),
  radius_km: z.coerce.number().positive().max(500).optional(),
  sort: sortParam(
    ["updated_at", "created_at", "address", "status", "visits_count", "last_visit_at"] as const,
    "-updated_at",
  ),
});
/** Parsed list query. */
export type ObjectListQuery = z.output<typeof objectListQuery>;

/** The list's filters alone (exports take them too). */
export const objectFilters = objectListQuery.omit({ page: true, limit: true, sort: true });
/** Parsed filters. */
export type ObjectFilters = z.output<typeof objectFilters>;

/** `POST /objects/{id}/delegate?supervisor_id=`. */
export const delegateQuery = z.object({ supervisor_id: z.uuid() });
