/**
 * Seed 000's planned JWT roles, mapped onto fieldhub's fixed roles (ADMIN passes every check):
 *
 * | seed role        | fieldhub roles        | may                                             |
 * |------------------|-----------------------|-------------------------------------------------|
 * | courier          | ENGINEER, MASTER      | create returns, read them, cancel its own;      |
 * |                  |                       | work its own WW orders (accept, decline, status)|
 * | 1C / manager     | OPERATOR, SUPERVISOR  | list, read, replace, accept, reject, cancel;    |
 * |                  |                       | run the WW (couriers, orders, reports, KMP4)    |
 * | admin            | ADMIN                 | everything, and alone may delete a return       |
 *
 * @module
 */
import { type Actor, hasRole } from "../../platform/actor.ts";
import type { Role } from "../auth/roles.ts";

/** Couriers: field staff who bring goods back and deliver orders. */
export const COURIER_ROLES = ["ENGINEER", "MASTER"] as const satisfies readonly Role[];
/** Managers and the 1C exchange account: decide on returns and dispatch orders. */
export const MANAGER_ROLES = ["OPERATOR", "SUPERVISOR"] as const satisfies readonly Role[];
/** Anyone who works with returns or orders. */
export const STAFF_ROLES = [...COURIER_ROLES, ...MANAGER_ROLES] as const;
/** Deleting a return is an administrator's act only. */
export const ADMIN_ONLY = ["ADMIN"] as const satisfies readonly Role[];

/** True when the actor may act as a manager (ADMIN included). */
export function isManager(actor: Actor): boolean {
  return hasRole(actor, "ADMIN", ...MANAGER_ROLES);
}
