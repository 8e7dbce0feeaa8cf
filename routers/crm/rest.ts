/**
 * Every REST route of the field CRM core (seed 002's `/api/v1` contract, except sync, reports
 * and audit, which live in their own folders).
 *
 * @module
 */
import type { AnyRoute } from "../../platform/rest/route.ts";
import { authRoutes } from "../auth/rest.ts";
import { customerRoutes } from "./rest/customers.ts";
import { objectRoutes } from "./rest/objects.ts";
import { peopleRoutes } from "./rest/people.ts";
import { referenceRoutes } from "./rest/reference.ts";
import { visitRoutes } from "./rest/visits.ts";

/** The CRM core routes, auth included. */
export const crmRoutes: AnyRoute[] = [
  ...authRoutes,
  ...peopleRoutes,
  ...objectRoutes,
  ...visitRoutes,
  ...customerRoutes,
  ...referenceRoutes,
];
