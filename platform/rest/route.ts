/**
 * Declaring a REST route once, from zod schemas: the same declaration validates the request
 * (422 problem+json naming each bad field), checks the caller's role, applies idempotency and
 * per-route rate limits, and feeds `/openapi.json`.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import type { AppDeps } from "../deps.ts";
import {
  AppError,
  type FieldError,
  type FieldLocation,
  validationError,
  zodFields,
} from "../errors.ts";
import type { AppEnv } from "../http_env.ts";
import { fingerprintRequest, readIdempotencyKey } from "../idempotency/key.ts";
import { runIdempotent, type StoredResponse } from "../idempotency/store.ts";
import { callerKey } from "../middleware/rate_limit.ts";
import type { RateRule } from "../rate_limit.ts";
import { type Access, requireAccess } from "./access.ts";

/** HTTP methods a route may use. */
export type Method = "get" | "post" | "put" | "patch" | "delete";

/** One documented response. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/** A zod object of any shape: how a path, query or header part is declared. */
// deno-lint-ignore no-explicit-any
export type AnyObject = z.ZodObject<any>;

/** A route declaration; see {@link defineRoute}. */
export interface RouteSpec<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  H extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: Method;
  /** Hono path syntax: `/api/v1/returns/:return_id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  /** How the body arrives; JSON unless `form` (seed 002's OAuth2 token form). */
  bodyFormat?: "json" | "form";
  /** Idempotency-Key handling; omitted means the header is ignored. */
  idempotency?: { required: boolean; maxKeyLength?: number };
  /** A tighter limit than the default, counted per caller. */
  rateLimit?: RateRule;
  responses: Record<number, ResponseSpec>;
  handler: (ctx: RouteContext<P, Q, H, B>) => Promise<Response>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a handler receives. `deps.db` is the request's transaction on idempotent routes. */
export interface RouteContext<P, Q, H, B> {
  c: Context<AppEnv>;
  deps: AppDeps;
  actor: Actor;
  requestId: string;
  params: Out<P>;
  query: Out<Q>;
  headers: Out<H>;
  body: Out<B>;
}

/** Declares a route; an identity function that gives the handler its inferred input types. */
export function defineRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  H extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, H, B>): RouteSpec<P, Q, H, B> {
  return spec;
}

/** A route of any input types, as stored in lists. */
// deno-lint-ignore no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;

/** Parses each request part, collecting every failing field before reporting them at once. */
function partParser() {
  const problems: FieldError[] = [];
  return {
    parse(schema: z.ZodType | undefined, value: unknown, where: FieldLocation) {
      if (!schema) return undefined;
      const r = schema.safeParse(value);
      if (r.success) return r.data;
      problems.push(...zodFields(r.error, where));
      return undefined;
    },
    check() {
      if (problems.length) throw validationError(problems);
    },
  };
}

async function readBody(c: Context, spec: AnyRoute): Promise<unknown> {
  if (!spec.body) return undefined;
  const type = c.req.header("content-type") ?? "";
  if (spec.bodyFormat === "form") {
    if (!/form-urlencoded|multipart\/form-data/.test(type)) {
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        "Send the body as application/x-www-form-urlencoded",
      );
    }
    return Object.fromEntries(Object.entries(await c.req.parseBody()));
  }
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  if (type && !/json/.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError("BAD_REQUEST", `Malformed JSON body: ${(err as Error).message}`, {
      title: "Malformed JSON",
      fields: [{ field: "(body)", message: "not valid JSON", in: "body" }],
    });
  }
}

async function toStored(res: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of ["content-type", "location", "content-disposition"]) {
    const v = res.headers.get(name);
    if (v) headers[name] = v;
  }
  return { status: res.status, headers, body: await res.text() };
}

function fromStored(stored: StoredResponse, replayed: boolean): Response {
  const headers = new Headers(stored.headers);
  if (replayed) headers.set("Idempotent-Replayed", "true");
  const noBody = stored.status === 204 || stored.status === 304;
  return new Response(noBody ? null : stored.body, { status: stored.status, headers });
}

/** Registers `routes` on `app`; the handler of each runs after the platform middleware. */
export function mountRoutes(app: Hono<AppEnv>, deps: AppDeps, routes: AnyRoute[]): void {
  for (const spec of routes) {
    app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      c.set("route", spec.path);
      const actor = c.get("actor");
      requireAccess(spec.access, actor, c.get("authError"));
      if (spec.rateLimit) await deps.rateLimiter.enforce(spec.rateLimit, callerKey(actor));

      const key = spec.idempotency
        ? readIdempotencyKey(c.req.header("idempotency-key"), {
          required: spec.idempotency.required,
          maxLength: spec.idempotency.maxKeyLength,
        })
        : undefined;
      const url = new URL(c.req.url);
      const rawQuery = Object.fromEntries(url.searchParams);
      const rawBody = await readBody(c, spec);
      const parts = partParser();
      // deno-lint-ignore no-explicit-any
      const ctx: RouteContext<any, any, any, any> = {
        c,
        deps,
        actor,
        requestId: c.get("requestId"),
        params: parts.parse(spec.params, c.req.param(), "path"),
        query: parts.parse(spec.query, rawQuery, "query"),
        headers: parts.parse(spec.headers, Object.fromEntries(c.req.raw.headers), "header"),
        body: parts.parse(spec.body, rawBody, "body"),
      };
      parts.check();

      if (!key) return await spec.handler(ctx);

      const outcome = await runIdempotent(
        { db: deps.db, ttlH: deps.config.idempotencyTtlH },
        {
          scope: `${callerKey(actor)}|${spec.method.toUpperCase()} ${spec.path}`,
          key,
          fingerprint: await fingerprintRequest({
            method: spec.method,
            path: url.pathname,
            query: rawQuery,
            body: rawBody,
          }),
        },
        async (tx) => toStored(await spec.handler({ ...ctx, deps: { ...deps, db: tx } })),
      );
      const res = fromStored(outcome.response, outcome.replayed);
      res.headers.set("Idempotency-Key", key);
      return res;
    });
  }
}
