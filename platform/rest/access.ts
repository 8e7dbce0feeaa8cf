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

/**
 * Throws unless `actor` satisfies `access`.
 *
 * @param authError why a sent token was refused, reported instead of a generic 401
 * @throws {AppError} 401 without a valid token, 403 without a permitted role
 */
export function requireAccess(access: Access, actor: Actor, authError?: AppError): void {
  if (access === "public") return;
  if (!actor.userId) {
    throw authError ??
      new AppError("UNAUTHORIZED", "Authentication required", {
        headers: { "WWW-Authenticate": "Bearer" },
      });
  }
  if (access === "authed") return;
  if (actor.roles.includes("ADMIN") || actor.roles.some((r) => access.includes(r))) return;
  throw new AppError("FORBIDDEN", `Requires one of the roles: ${access.join(", ")}`);
}
