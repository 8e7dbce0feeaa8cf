/**
 * `createApp(deps)`: the whole HTTP surface as one Hono app. Tests call `app.request()` on it;
 * `main.ts` hands `app.fetch` to `Deno.serve`.
 *
 * @module
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import type { AppDeps } from "./platform/deps.ts";
import { AppError } from "./platform/errors.ts";
import type { AppEnv } from "./platform/http_env.ts";
import { authenticate } from "./platform/middleware/authenticate.ts";
import { observe } from "./platform/middleware/observe.ts";
import { defaultRateLimit, defaultRule } from "./platform/middleware/rate_limit.ts";
import { securityHeaders } from "./platform/middleware/security_headers.ts";
import { onError, onNotFound } from "./platform/problem.ts";
import { mountDocs } from "./platform/rest/docs.ts";
import { buildOpenApi } from "./platform/rest/openapi.ts";
import { type AnyRoute, mountRoutes } from "./platform/rest/route.ts";
import { mountUi } from "./fresh-ui/mod.tsx";
import { appRouter } from "./routers/_app.ts";
import { returnsRoutes } from "./routers/returns/rest.ts";
import { wwRoutes } from "./routers/ww/rest.ts";
import { crmRoutes } from "./routers/crm/rest.ts";
import { syncRoutes } from "./routers/sync/rest.ts";
import { callsRoutes } from "./routers/calls/rest.ts";
import { auditRoutes } from "./routers/audit/rest.ts";
import { reportRoutes } from "./routers/reports/rest.ts";
import { systemRoutes } from "./routers/system/rest.ts";
import { workerRoutes } from "./jobs/routes.ts";
import type { TrpcContext } from "./routers/trpc.ts";
import { localStorageRoutes } from "./storage/local_routes.ts";

/** Every REST route of the service, in one list (feeds routing and the OpenAPI document). */
export const restRoutes: AnyRoute[] = [
  ...systemRoutes,
  ...workerRoutes,
  ...localStorageRoutes,
  ...returnsRoutes,
  ...wwRoutes,
  ...crmRoutes,
  ...syncRoutes,
  ...callsRoutes,
  ...auditRoutes,
  ...reportRoutes,
];

const QUIET = [
  "/health",
  "/ready",
  "/metrics",
  "/api/health",
  "/api/health/db",
  "/worker/health",
  "/worker/ready",
];
const EXPOSED = [
  "X-Request-Id",
  "Idempotency-Key",
  "Idempotent-Replayed",
  "Location",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
  "Server-Timing",
  "Content-Disposition",
];

const procedures = new Set(Object.keys(appRouter._def.procedures));

/** Metrics label of a tRPC URL: its procedure list, or `unknown` for paths we don't serve. */
function trpcRoute(pathname: string): string {
  const names = pathname.slice("/trpc/".length).split(",");
  return names.every((n) => procedures.has(n)) ? `/trpc/${names.join(",")}` : "/trpc/unknown";
}

/**
 * Builds the app on `deps`.
 *
 * @example
 * ```ts
 * const app = createApp(deps);
 * const res = await app.request("/api/v1/system/ping");
 * ```
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config } = deps;
  // strict: false — seed 002's clients call collection routes with a trailing slash.
  const app = new Hono<AppEnv>({ strict: false });
  app.onError(onError(deps.logger));
  app.notFound(onNotFound);

  app.use(observe({
    logger: deps.logger,
    metrics: deps.metrics,
    maskPii: config.piiMasking,
    quietPaths: QUIET,
  }));
  app.use(securityHeaders({ hsts: config.isProd }));
  app.use(cors({
    origin: (origin) => (config.corsOrigins.includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: [
      "Authorization",
      "Content-Type",
      "Idempotency-Key",
      "X-Request-Id",
      "trpc-accept",
    ],
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    exposeHeaders: EXPOSED,
    maxAge: 600,
  }));
  app.use(authenticate({ tokens: config.jwt, trustProxy: config.trustProxy }));
  const limit = defaultRule(config);
  // tRPC counts the same rule per procedure call (routers/trpc.ts), so its errors stay tRPC-shaped.
  for (const prefix of ["/api/v1/*", "/webhook/*"]) {
    app.use(prefix, defaultRateLimit(deps.rateLimiter, limit));
  }
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: 16 * 1024 * 1024,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", "Request body over 16 MiB");
      },
    }),
  );

  mountRoutes(app, deps, restRoutes);

  app.all("/trpc/*", (c) => {
    c.set("route", trpcRoute(c.req.path));
    return fetchRequestHandler({
      endpoint: "/trpc",
      req: c.req.raw,
      router: appRouter,
      createContext: ({ resHeaders }): TrpcContext => ({
        deps,
        actor: c.get("actor"),
        authError: c.get("authError"),
        idempotencyKey: c.req.header("idempotency-key"),
        resHeaders,
      }),
    });
  });

  app.get("/metrics", async (c) => {
    const body = await deps.metrics.registry.metrics();
    return c.body(body, 200, { "Content-Type": deps.metrics.registry.contentType });
  });
  mountDocs(app, () => buildOpenApi(restRoutes, { title: "fieldhub API", version: "1" }));
  mountUi(app, deps);
  return app;
}
