/**
 * The server side of the platform benchmark: the real app (rate limits off, logs at WARNING)
 * plus one plain Hono route that does exactly what tRPC `system.ping` does, so the cost of the
 * tRPC layer can be read off side by side.
 *
 * @module
 */
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { openRuntime } from "../platform/bootstrap.ts";
import { pong } from "../routers/system/health.ts";

const config = loadConfig({
  ...Deno.env.toObject(),
  RATE_LIMIT_ENABLED: "false",
  LOG_LEVEL: "WARNING",
});
const runtime = await openRuntime(config);
const app = createApp(runtime.deps);
app.get("/bench/plain-ping", (c) => c.json(pong()));
const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`LISTENING http://127.0.0.1:${port}`),
}, app.fetch);
Deno.addSignalListener("SIGTERM", async () => {
  await server.shutdown();
  await runtime.close();
  Deno.exit(0);
});
