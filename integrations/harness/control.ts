/**
 * The `/__sim/` control endpoints every simulator serves beside the third party's API, so a
 * developer can poke a running simulator with curl:
 *
 * | request | effect |
 * |---|---|
 * | `GET /__sim` | name, URL, request count, queued faults, rate limit |
 * | `GET /__sim/requests?path=&method=&status=` | recorded requests, oldest first |
 * | `DELETE /__sim/requests` | forget them |
 * | `GET /__sim/faults`, `POST /__sim/faults`, `DELETE /__sim/faults` | list, queue (body: a fault), clear |
 * | `PUT /__sim/rate-limit` (`{limit, windowMs}`), `DELETE /__sim/rate-limit` | set or lift the rate limit |
 * | `POST /__sim/reset` | requests, faults and rate limit back to a fresh start |
 *
 * @module
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { FaultInput, RateLimitInput } from "./faults.ts";
import type { Simulator } from "./simulator.ts";

function invalid(c: Context, err: unknown) {
  if (err instanceof z.ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const detail = issues.map((i) => (i.path ? `${i.path}: ` : "") + i.message).join("; ");
    return c.json({ error: `invalid input: ${detail}`, issues }, 400);
  }
  if (err instanceof SyntaxError) return c.json({ error: "the body is not valid JSON" }, 400);
  throw err;
}

async function jsonBody(c: Context): Promise<unknown> {
  return JSON.parse(await c.req.text() || "{}");
}

/**
 * Builds the control routes of `sim`; `extend` adds integration-specific ones under the same
 * prefix (for example a Bitrix24 simulator's `/__sim/calls` to seed calls).
 */
export function controlApp(sim: Simulator, extend?: (app: Hono) => void): Hono {
  const app = new Hono().basePath("/__sim");
  app.get("/", (c) =>
    c.json({
      name: sim.name,
      url: sim.url,
      requests: sim.count(),
      faults: sim.faults(),
      rateLimit: sim.rateLimit(),
    }));
  app.get("/requests", (c) => {
    const status = c.req.query("status");
    return c.json({
      requests: sim.requests({
        path: c.req.query("path"),
        method: c.req.query("method"),
        status: status === undefined ? undefined : Number(status),
      }),
    });
  });
  app.delete("/requests", (c) => {
    sim.clearRequests();
    return c.body(null, 204);
  });
  app.get("/faults", (c) => c.json({ faults: sim.faults() }));
  app.post("/faults", async (c) => {
    try {
      return c.json({ fault: sim.failNext(await jsonBody(c) as FaultInput) }, 201);
    } catch (err) {
      return invalid(c, err);
    }
  });
  app.delete("/faults", (c) => {
    sim.clearFaults();
    return c.body(null, 204);
  });
  app.put("/rate-limit", async (c) => {
    try {
      sim.setRateLimit(await jsonBody(c) as RateLimitInput);
      return c.json({ rateLimit: sim.rateLimit() });
    } catch (err) {
      return invalid(c, err);
    }
  });
  app.delete("/rate-limit", (c) => {
    sim.setRateLimit(null);
    return c.body(null, 204);
  });
  app.post("/reset", (c) => {
    sim.reset();
    return c.body(null, 204);
  });
  extend?.(app);
  app.notFound((c) => c.json({ error: `no control endpoint ${c.req.method} ${c.req.path}` }, 404));
  return app;
}
