/**
 * Who is calling, as the CRM sees it: the caller's CRM role (the highest of ADMIN, SUPERVISOR,
 * ENGINEER they hold), the cities they work in, and whether personal data is masked for them.
 * Every CRM read and write is scoped through a {@link CrmCaller}, so one rule decides what a
 * role may see on every path (REST, tRPC, sync, exports).
 *
 * @module
 */
import { type ExpressionBuilder, expressionBuilder, sql } from "kysely";
import type { Database, Db } from "../../db/database.ts";
import type { Actor } from "../../platform/actor.ts";
import { AppError } from "../../platform/errors.ts";

/** The roles the CRM knows, from widest to narrowest reach. */
export const CRM_ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;
/** One CRM role. */
export type CrmRole = (typeof CRM_ROLES)[number];
/** Access list of CRM routes and procedures (ADMIN passes every role check). */
export const CRM_ACCESS = ["SUPERVISOR", "ENGINEER"] as const;

/** A CRM caller: an actor with a CRM role and its scope. */
export interface CrmCaller {
  actor: Actor & { userId: string };
  userId: string;
  role: CrmRole;
  /** Cities the caller works in (ignored for ADMIN, who sees every city). */
  cityIds: string[];
  /** True when phones and e-mails are masked for this caller (ENGINEER). */
  masked: boolean;
}

/** The highest CRM role of `roles`, or null when the user has none. */
export function crmRoleOf(roles: readonly string[]): CrmRole | null {
  return CRM_ROLES.find((r) => roles.includes(r)) ?? null;
}

/**
 * Builds the caller of a CRM operation.
 *
 * @throws {AppError} 401 without a user, 403 without a CRM role
 */
export async function loadCaller(db: Db, actor: Actor): Promise<CrmCaller> {
  if (!actor.userId) throw new AppError("UNAUTHORIZED", "Authentication required");
  const role = crmRoleOf(actor.roles);
  if (!role) {
    throw new AppError("FORBIDDEN", "Requires one of the roles: ADMIN, SUPERVISOR, ENGINEER");
  }
  const cityIds = role === "ADMIN" ? [] : (await db.selectFrom("crm_user_cities")
    .select("city_id").where("user_id", "=", actor.userId).execute()).map((r) => r.city_id);
  return {
    actor: actor as Actor & { userId: string },
    userId: actor.userId,
    role,
    cityIds,
    masked: role === "ENGINEER",
  };
}

const TRUE = sql<boolean>`true`;
const FALSE = sql<boolean>`false`;

/** True when the caller's scope covers `cityId`. */
export function coversCity(caller: CrmCaller, cityId: string): boolean {
  return caller.role === "ADMIN" || caller.cityIds.includes(cityId);
}

/** The ids of the objects in `cityIds`: customers and visits are scoped through them. */
function objectsInCities(cityIds: string[]) {
  return expressionBuilder<Database>().selectFrom("crm_objects").select("crm_objects.id")
    .where("crm_objects.city_id", "in", cityIds);
}

/** Objects the caller may read: every one for ADMIN, those in their cities otherwise. */
export function objectScope(caller: CrmCaller) {
  return (eb: ExpressionBuilder<Database, "crm_objects">) => {
    if (caller.role === "ADMIN") return TRUE;
    if (!caller.cityIds.length) return FALSE;
    return eb("crm_objects.city_id", "in", caller.cityIds);
  };
}

/** Customers the caller may read: those met at objects the caller may read. */
export function customerScope(caller: CrmCaller) {
  return (eb: ExpressionBuilder<Database, "crm_customers">) => {
    if (caller.role === "ADMIN") return TRUE;
    if (!caller.cityIds.length) return FALSE;
    return eb("crm_customers.object_id", "in", objectsInCities(caller.cityIds));
  };
}

/** Visits the caller may read: all (ADMIN), in their cities (SUPERVISOR), own (ENGINEER). */
export function visitScope(caller: CrmCaller) {
  return (eb: ExpressionBuilder<Database, "crm_visits">) => {
    if (caller.role === "ADMIN") return TRUE;
    if (caller.role === "ENGINEER") return eb("crm_visits.engineer_id", "=", caller.userId);
    if (!caller.cityIds.length) return FALSE;
    return eb("crm_visits.object_id", "in", objectsInCities(caller.cityIds));
  };
}

/** Throws 403 unless the caller holds one of `roles` (ADMIN always does). */
export function requireCrmRole(caller: CrmCaller, ...roles: CrmRole[]): void {
  if (caller.role === "ADMIN" || roles.includes(caller.role)) return;
  throw new AppError("FORBIDDEN", `A ${caller.role} may not do this`);
}

/** How personal data is shown to the caller. */
export function piiView(caller: CrmCaller): "full" | "masked" {
  return caller.masked ? "masked" : "full";
}
