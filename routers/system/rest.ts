/**
 * Health, readiness and ping routes under the seeds' paths: `/health`, `/ready` (seed 002),
 * `/api/health`, `/api/health/db` (seed 003), `/api/v1/system/ping` (seed 000).
 *
 * @module
 */
import { z } from "zod";
import { AppError } from "../../platform/errors.ts";
import { type AnyRoute, defineRoute } from "../../platform/rest/route.ts";
import { checkDatabase, pong, SERVICE, VERSION } from "./health.ts";

const healthBody = z.object({
  status: z.literal("ok"),
  service: z.string(),
  version: z.string(),
  uptime_seconds: z.number(),
});
const readyBody = z.object({
  status: z.enum(["ready", "ok"]),
  database: z.object({ ok: z.boolean(), latency_ms: z.number(), engine: z.string() }),
});

const health = defineRoute({
  method: "get",
  path: "/health",
  summary: "Liveness: the process answers",
  tags: ["system"],
  access: "public",
  responses: { 200: { description: "Alive", schema: healthBody } },
  handler: ({ c, deps }) =>
    Promise.resolve(c.json({
      status: "ok",
      service: SERVICE,
      version: VERSION,
      uptime_seconds: Math.round((Date.now() - deps.startedAt) / 1000),
    })),
});

function readiness(path: string, summary: string, okStatus: "ready" | "ok") {
  return defineRoute({
    method: "get",
    path,
    summary,
    tags: ["system"],
    access: "public",
    responses: {
      200: { description: "Database reachable", schema: readyBody },
      503: { description: "Database unreachable" },
    },
    handler: async ({ c, deps }) => {
      const check = await checkDatabase(deps.db);
      if (!check.ok) {
        throw new AppError("SERVICE_UNAVAILABLE", `Database unreachable: ${check.error}`, {
          extra: { database: { ...check, engine: deps.dbKind } },
        });
      }
      return c.json({
        status: okStatus,
        database: { ok: true, latency_ms: check.latency_ms, engine: deps.dbKind },
      });
    },
  });
}

const apiHealth = defineRoute({
  method: "get",
  path: "/api/health",
  summary: "Basic health (seed 003 path)",
  tags: ["system"],
  access: "public",
  responses: { 200: { description: "Alive", schema: z.object({ status: z.literal("ok") }) } },
  handler: ({ c }) => Promise.resolve(c.json({ status: "ok" as const })),
});

const ping = defineRoute({
  method: "get",
  path: "/api/v1/system/ping",
  summary: "Ping the service layer (seed 000); X-Request-Id echoed or generated",
  tags: ["system"],
  access: "public",
  responses: {
    200: {
      description: "Pong",
      schema: z.object({ status: z.literal("pong"), timestamp: z.string(), service: z.string() }),
    },
  },
  handler: ({ c }) => Promise.resolve(c.json(pong())),
});

/** The system routes. */
export const systemRoutes: AnyRoute[] = [
  health,
  readiness("/ready", "Readiness: the database answers, else 503", "ready"),
  apiHealth,
  readiness("/api/health/db", "Database check (seed 003 path), else 503", "ok"),
  ping,
];
