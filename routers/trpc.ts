/**
 * tRPC building blocks: the context, `publicProcedure`, `authedProcedure` and
 * `roleProcedure(...roles)`. Domain errors ({@link AppError}) leave as TRPCErrors with the same
 * code; `data.errors` carries failing field paths exactly as problem+json's `errors` does.
 *
 * Every mutation honours an `Idempotency-Key` header with the same rules as REST.
 *
 * @module
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { middlewareMarker } from "@trpc/server/unstable-core-do-not-import";
import type { Actor } from "../platform/actor.ts";
import type { AppDeps } from "../platform/deps.ts";
import { AppError, type FieldError, fieldPath } from "../platform/errors.ts";
import { readIdempotencyKey } from "../platform/idempotency/key.ts";
import { sha256Hex } from "../platform/hash.ts";
import { canonicalJson, runIdempotent } from "../platform/idempotency/store.ts";
import { callerKey, defaultRule } from "../platform/middleware/rate_limit.ts";
import type { RateRule } from "../platform/rate_limit.ts";
import { type Access, requireAccess } from "../platform/rest/access.ts";
import type { Role } from "./auth/roles.ts";

/** What every procedure sees. `deps.db` is the call's transaction for idempotent mutations. */
export interface TrpcContext {
  deps: AppDeps;
  actor: Actor;
  /** Why a sent bearer token was refused. */
  authError?: AppError;
  /** Raw `Idempotency-Key` header. */
  idempotencyKey?: string;
  /** Headers to add to the HTTP response. */
  resHeaders: Headers;
}

function issueFields(cause: unknown): FieldError[] | undefined {
  const issues = (cause as { issues?: unknown })?.issues;
  if (!Array.isArray(issues)) return undefined;
  return issues.map((
    i: { path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string },
  ) => ({
    field: fieldPath((i.path ?? []).map((p) => (typeof p === "object" ? p.key : p))) || "(root)",
    message: i.message,
    in: "input" as const,
  }));
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    const fields = cause instanceof AppError ? cause.fields : issueFields(cause);
    return {
      ...shape,
      message: error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        requestId: ctx?.actor.requestId,
        ...(fields?.length ? { errors: fields } : {}),
        // What problem+json carries beside the standard members (e.g. a 409's server_row).
        ...(cause instanceof AppError && Object.keys(cause.extra).length
          ? { details: cause.extra }
          : {}),
      },
    };
  },
});

/** Re-throws domain errors as TRPCErrors of the same code, with their headers. */
const mapErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof AppError) {
      for (const [k, v] of Object.entries(cause.headers)) ctx.resHeaders.set(k, v);
      throw new TRPCError({ code: cause.code, message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.deps.logger.error("procedure failed", { error: result.error.cause ?? result.error });
    }
  }
  return result;
});

/** Runs mutations carrying an Idempotency-Key at most once (see platform/idempotency). */
const idempotent = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  if (type !== "mutation") return next();
  const key = readIdempotencyKey(ctx.idempotencyKey, { required: false });
  if (!key) return next();
  const input = await getRawInput();
  const outcome = await runIdempotent(
    { db: ctx.deps.db, ttlH: ctx.deps.config.idempotencyTtlH },
    {
      scope: `${callerKey(ctx.actor)}|trpc ${path}`,
      key,
      fingerprint: await sha256Hex(`trpc ${path}\n${canonicalJson(input ?? null)}`),
    },
    async (tx) => {
      const result = await next({ ctx: { deps: { ...ctx.deps, db: tx } } });
      if (!result.ok) throw result.error;
      return { status: 200, headers: {}, body: JSON.stringify(result.data ?? null) };
    },
  );
  ctx.resHeaders.set("Idempotency-Key", key);
  if (outcome.replayed) ctx.resHeaders.set("Idempotent-Replayed", "true");
  // Short-circuit the chain with the stored (or just produced) result.
  return { ok: true as const, data: JSON.parse(outcome.response.body), marker: middlewareMarker };
});

/** The default per-caller limit (RATE_LIMIT_DEFAULT_PER_MIN), counted per procedure call. */
const defaultLimit = rateLimited((deps) => defaultRule(deps.config));

function access(rule: Access) {
  return t.middleware(({ ctx, next }) => {
    requireAccess(rule, ctx.actor, ctx.authError);
    return next({ ctx: { actor: ctx.actor as Actor & { userId: string } } });
  });
}

/** Builds a router. */
export const router = t.router;
/** Merges routers into one. */
export const mergeRouters = t.mergeRouters;
/** Creates server-side callers (tests, scripts). */
export const createCallerFactory = t.createCallerFactory;

/** Anyone may call. */
export const publicProcedure = t.procedure.use(mapErrors).use(defaultLimit).use(idempotent);
/** Needs a valid access token; `ctx.actor.userId` is a string. */
export const authedProcedure = t.procedure.use(mapErrors).use(defaultLimit).use(access("authed"))
  .use(idempotent);
/** Needs one of `roles` (ADMIN always passes). */
export function roleProcedure(...roles: Role[]) {
  return t.procedure.use(mapErrors).use(defaultLimit).use(access(roles)).use(idempotent);
}

/** A middleware enforcing `rule` (or the rule read from config) per caller, e.g. on login. */
export function rateLimited(rule: RateRule | ((deps: AppDeps) => RateRule)) {
  return t.middleware(async ({ ctx, next }) => {
    const r = typeof rule === "function" ? rule(ctx.deps) : rule;
    await ctx.deps.rateLimiter.enforce(r, callerKey(ctx.actor));
    return next();
  });
}
