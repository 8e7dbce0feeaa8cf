/**
 * Who is calling, as domain functions see it: built once per request by the REST and tRPC
 * layers, by jobs for background work (`systemActor`), and by scripts.
 *
 * @module
 */
import type { Role } from "../routers/auth/roles.ts";

/** The caller of a domain function. */
export interface Actor {
  /** Authenticated user id; null for anonymous callers and the system. */
  userId: string | null;
  roles: Role[];
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

/** An actor for work the service does on its own (jobs, start-up, scripts). */
export function systemActor(requestId?: string): Actor {
  return { userId: null, roles: [], requestId };
}

/** True when the actor has at least one of `roles`. */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
