/**
 * The Hono environment shared by every middleware and route.
 *
 * @module
 */
import type { Actor } from "./actor.ts";
import type { AppError } from "./errors.ts";

/** Per-request variables set by the platform middleware. */
export interface AppVariables {
  requestId: string;
  /** The caller; anonymous (`userId: null`) when no valid token was sent. */
  actor: Actor;
  /** Why the bearer token was refused, if one was sent and it was bad. */
  authError?: AppError;
  /** The route template for metrics and logs (`/api/v1/returns/:id`, `/trpc/auth.me`). */
  route?: string;
}

/** Hono `Env` of the app. */
export interface AppEnv {
  Variables: AppVariables;
}
