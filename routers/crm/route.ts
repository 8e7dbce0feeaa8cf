/**
 * How CRM routes and procedures are declared: on top of the platform's `defineRoute` and
 * `roleProcedure`, each one gets the CRM's access list (ADMIN, SUPERVISOR, ENGINEER), seed
 * 002's default rate limit (CRM_RATE_LIMIT_PER_MIN per caller and route, counted in the
 * shared KV like every platform limit) and the caller's CRM scope.
 *
 * @module
 */
import type { z } from "zod";
import type { Actor } from "../../platform/actor.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { callerKey } from "../../platform/middleware/rate_limit.ts";
import type { Access } from "../../platform/rest/access.ts";
import {
  type AnyObject,
  defineRoute,
  type RouteContext,
  type RouteSpec,
} from "../../platform/rest/route.ts";
import type { Role } from "../auth/roles.ts";
import { roleProcedure } from "../trpc.ts";
import { CRM_ACCESS, type CrmCaller, loadCaller } from "./caller.ts";

/** Counts a call against the CRM's per-route limit; 429 over it. */
export async function enforceCrmLimit(
  deps: Pick<AppDeps, "config" | "rateLimiter">,
  actor: Actor,
  route: string,
): Promise<void> {
  await deps.rateLimiter.enforce(
    { name: `crm:${route}`, limit: deps.config.crm.rateLimitPerMin, windowS: 60 },
    callerKey(actor),
  );
}

/** A CRM route declaration: `access` defaults to the CRM roles; the handler gets `caller`. */
export type CrmRouteSpec<
  P extends AnyObject | undefined,
  Q extends AnyObject | undefined,
  H extends AnyObject | undefined,
  B extends z.ZodType | undefined,
> = Omit<RouteSpec<P, Q, H, B>, "access" | "handler"> & {
  access?: Access;
  handler: (ctx: RouteContext<P, Q, H, B> & { caller: CrmCaller }) => Promise<Response>;
};

/** Declares a CRM REST route (see {@link CrmRouteSpec}). */
export function crmRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  H extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: CrmRouteSpec<P, Q, H, B>): RouteSpec<P, Q, H, B> {
  const { handler, ...rest } = spec;
  return defineRoute<P, Q, H, B>({
    ...rest,
    access: spec.access ?? CRM_ACCESS,
    handler: async (ctx) => {
      await enforceCrmLimit(ctx.deps, ctx.actor, `${spec.method.toUpperCase()} ${spec.path}`);
      const caller = await loadCaller(ctx.deps.db, ctx.actor);
      return await handler({ ...ctx, caller });
    },
  });
}

/** A tRPC procedure for `roles` (ADMIN always), rate-limited per procedure, with `ctx.caller`. */
export function crmProcedureFor(...roles: Role[]) {
  return roleProcedure(...roles).use(async ({ ctx, path, next }) => {
    await enforceCrmLimit(ctx.deps, ctx.actor, `trpc ${path}`);
    return next({ ctx: { caller: await loadCaller(ctx.deps.db, ctx.actor) } });
  });
}

/** A tRPC procedure any CRM role may call. */
export const crmProcedure = crmProcedureFor(...CRM_ACCESS);
/** A tRPC procedure for ADMIN and SUPERVISOR. */
export const supervisorProcedure = crmProcedureFor("SUPERVISOR");
