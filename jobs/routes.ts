/**
 * Seed 002's worker health routes. `/worker/health` answers 503 when no worker consumes the
 * queue or the backend fails (the original stayed 200 on errors); `/worker/ready` answers 503
 * only when the queue backend is unreachable.
 *
 * @module
 */
import { z } from "zod";
import { AppError } from "../platform/errors.ts";
import { type AnyRoute, defineRoute } from "../platform/rest/route.ts";

const healthBody = z.object({
  status: z.literal("ok"),
  service: z.string(),
  backend: z.enum(["kv", "postgres"]),
  worker_running: z.boolean(),
  queued: z.number().int(),
  running: z.number().int(),
  failed: z.number().int(),
  dead: z.number().int(),
  queue_length: z.number().int(),
  workers: z.number().int(),
});

const workerHealth = defineRoute({
  method: "get",
  path: "/worker/health",
  summary: "Job worker health: counts per status and live workers; 503 without a worker",
  tags: ["system"],
  access: "public",
  responses: {
    200: { description: "A worker consumes the queue", schema: healthBody },
    503: { description: "No worker runs, or the queue backend fails" },
  },
  handler: async ({ c, deps }) => {
    const h = await deps.queue.health();
    const body = {
      service: "fieldhub-worker",
      backend: h.backend,
      worker_running: h.workerRunning,
      queued: h.queued,
      running: h.running,
      failed: h.failed,
      dead: h.dead,
      queue_length: h.queued + h.failed,
      workers: h.workers,
    };
    if (!h.ok) {
      throw new AppError("SERVICE_UNAVAILABLE", `Job worker unhealthy: ${h.error}`, {
        extra: body,
      });
    }
    return c.json({ status: "ok" as const, ...body });
  },
});

const workerReady = defineRoute({
  method: "get",
  path: "/worker/ready",
  summary: "Job queue readiness: 503 when the queue backend is unreachable",
  tags: ["system"],
  access: "public",
  responses: {
    200: {
      description: "Queue backend reachable",
      schema: z.object({ status: z.literal("ready"), backend: z.enum(["kv", "postgres"]) }),
    },
    503: { description: "Queue backend unreachable" },
  },
  handler: async ({ c, deps }) => {
    const h = await deps.queue.health();
    if (!h.reachable) {
      throw new AppError("SERVICE_UNAVAILABLE", `Queue backend unreachable: ${h.error}`, {
        extra: { backend: h.backend },
      });
    }
    return c.json({ status: "ready" as const, backend: h.backend });
  },
});

/** The worker health routes (add to `restRoutes`). */
export const workerRoutes: AnyRoute[] = [workerHealth, workerReady];
