/**
 * Input schemas of customers (REST, tRPC and sync share them).
 *
 * @module
 */
import { z } from "zod";
import { INTERESTS } from "../../../db/schema_crm.ts";
import { phoneSchema } from "../phone.ts";
import { pageQuery } from "../../../platform/paging.ts";
import { csv, flag, instant, lockFields, sortParam } from "./common.ts";

const fields = {
  object_id: z.uuid(),
  unit_id: z.uuid().nullable(),
  full_name: z.string().trim().min(1).max(200).nullable(),
  phone: phoneSchema.nullable(),
  email: z.email().max(254).transform((e) => e.toLowerCase()).nullable(),
  portrait_text: z.string().max(5000).nullable(),
  current_provider: z.string().trim().max(200).nullable(),
  provider_rating: z.number().int().min(1).max(5).nullable(),
  satisfied: z.boolean().nullable(),
  interests: z.array(z.enum(INTERESTS)).max(INTERESTS.length).transform((a) => [...new Set(a)]),
  preferred_call_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
    message: "expected HH:MM",
  }).nullable(),
  /** Roubles with kopecks; stored as integer kopecks. */
  desired_price: z.number().min(0).max(1e10).nullable(),
  notes: z.string().max(5000).nullable(),
  gdpr_consent: z.boolean(),
  last_interaction_at: instant.nullable(),
};

/** `POST /customers`: the object is required, the rest optional. */
export const customerCreate = z.object(fields).partial().required({ object_id: true });
/** Parsed create input. */
export type CustomerCreate = z.output<typeof customerCreate>;

/** The fields a PATCH may change. */
export const customerChanges = z.object(fields).partial();
/** Parsed changes. */
export type CustomerChanges = z.output<typeof customerChanges>;

/** `PATCH /customers/{id}`. */
export const customerPatch = customerChanges.extend(lockFields);
/** Parsed PATCH body. */
export type CustomerPatch = z.output<typeof customerPatch>;

/** `GET /customers` filters; they combine with AND (seed 002 OR-ed them). */
export const customerListQuery = pageQuery.extend({
  q: z.string().trim().min(1).max(200).optional(),
  object_id: z.uuid().optional(),
  phone: phoneSchema.optional(),
  interests: csv(z.enum(INTERESTS)).optional(),
  rating_min: z.coerce.number().int().min(1).max(5).optional(),
  rating_max: z.coerce.number().int().min(1).max(5).optional(),
  gdpr_consent: flag.optional(),
  sort: sortParam(
    ["updated_at", "created_at", "full_name", "provider_rating"] as const,
    "-updated_at",
  ),
});
/** Parsed list query. */
export type CustomerListQuery = z.output<typeof customerListQuery>;

/** The list's filters alone (exports take them too). */
export const customerFilters = customerListQuery.omit({ page: true, limit: true, sort: true });
/** Parsed filters. */
export type CustomerFilters = z.output<typeof customerFilters>;
