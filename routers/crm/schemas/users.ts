/**
 * Input schemas of CRM user management (`/users`).
 *
 * @module
 */
import { z } from "zod";
import { pageQuery } from "../../../platform/paging.ts";
import { flag } from "./common.ts";

const crmRole = z.enum(["ADMIN", "SUPERVISOR", "ENGINEER"]);

/** `POST /users`: seed 002's shape (`email`, `full_name`, `role`) plus the user's cities. */
export const crmUserCreate = z.object({
  email: z.email().max(254),
  password: z.string().min(8, { message: "at least 8 characters" }).max(200),
  full_name: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(32).optional(),
  role: crmRole,
  city_ids: z.array(z.uuid()).max(100).default([]),
});
/** Parsed create input. */
export type CrmUserCreate = z.output<typeof crmUserCreate>;

/** `PATCH /users/{id}`. */
export const crmUserPatch = z.object({
  full_name: z.string().trim().min(1).max(200).optional(),
  phone: z.string().trim().max(32).nullable().optional(),
  is_active: z.boolean().optional(),
  role: crmRole.optional(),
  city_ids: z.array(z.uuid()).max(100).optional(),
});
/** Parsed PATCH body. */
export type CrmUserPatch = z.output<typeof crmUserPatch>;

/** `GET /users` filters. */
export const crmUserListQuery = pageQuery.extend({
  role: crmRole.optional(),
  city_id: z.uuid().optional(),
  q: z.string().trim().min(1).max(200).optional(),
  is_active: flag.optional(),
});
/** Parsed list query. */
export type CrmUserListQuery = z.output<typeof crmUserListQuery>;

/** `GET /users/supervisors?q=`. */
export const supervisorsQuery = z.object({ q: z.string().trim().max(200).optional() });
