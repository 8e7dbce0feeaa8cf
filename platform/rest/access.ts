/**
 * Who may call a route or procedure. One rule for REST and tRPC: `public` lets anyone in,
 * `authed` needs a valid access token, a role list needs one of those roles. ADMIN passes every
 * role check (the seeds' "ADMIN: full access").
 *
 * @module
 */
import type { Role } from "../../routers/auth/roles.ts";
import type { Actor } from "../actor.ts";
import { AppError } from "../errors.ts";

/** The access rule of a route or procedure. */
export type Access = "public" | "authed" | readonly Role[];

/** True when `actor` satisfies `access` (menus and buttons; routes use {@link requireAccess}). */
export function hasAccess(access: Access, actor: Actor): boolean {
  if (access === "public") return true;
  if (!actor.userId) return false;
  if (access === "authed") return true;
  return actor.roles.includes("ADMIN") || actor.roles.some((r) => access.includes(r));
}

/**
 * Throws unless `actor` satisfies `access`.
 *
 * @param authError why a sent token was refused, reported instead of a generic 401
 * @throws {AppError} 401 without a valid token, 403 without a permitted role
 */
export function requireAccess(access: Access, actor: Actor, authError?: AppError): void {
  if (hasAccess(access, actor)) return;
  if (!actor.userId) {
    throw authError ??
      new AppError("UNAUTHORIZED", "Authentication required", {
        headers: { "WWW-Authenticate": "Bearer" },
      });
  }
  // Only a role list can refuse a signed-in actor.
  const roles = typeof access === "string" ? [] : access;
  throw new AppError("FORBIDDEN", `Requires one of the roles: ${roles.join(", ")}`);
}
