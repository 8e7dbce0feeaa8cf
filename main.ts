/**
 * Composition root: config → dependencies → app → `Deno.serve`; periodic housekeeping; a
 * graceful drain on SIGTERM/SIGINT. `--dev` (what `deno task dev` passes) also creates demo
 * users on the first start and prints their logins once.
 *
 * @module
 */
import { createApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { startDevSimulators } from "./integrations/dev.ts";
import { openRuntime } from "./platform/bootstrap.ts";
import { deleteExpiredKeys } from "./platform/idempotency/store.ts";
import { ensureDemoUsers } from "./routers/auth/demo_users.ts";
import { scheduleCallRetention } from "./jobs/calls/retention.ts";

function readConfig(): Config {
  try {
    return loadConfig(Deno.env.toObject());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      Deno.exit(2);
    }
    throw err;
  }
}

const dev = Deno.args.includes("--dev");
const envConfig = readConfig();
// `--dev`: integrations without real credentials talk to local simulators (integrations/dev.ts).
const simulators = dev
  ? await startDevSimulators(envConfig).catch((err) => {
    console.error(err.message);
    Deno.exit(2);
  })
  : undefined;
const config = simulators?.config ?? envConfig;
const runtime = await openRuntime(config, { defaultMetrics: true });
const { deps } = runtime;
for (const s of simulators?.running ?? []) {
  deps.logger.info("simulator started", { simulator: s.name, url: s.url });
}

if (dev) {
  const created = await ensureDemoUsers(deps.db, config.scryptLogN);
  if (created.length) {
    console.log("\nDemo users (shown once; change or delete them before real use):");
    for (const u of created) {
      console.log(`  ${u.role.padEnd(10)} login: ${u.login.padEnd(11)} password: ${u.password}`);
    }
    console.log("");
  }
}

const app = createApp(deps);
if (config.jobs.workerEnabled) {
  await deps.queue.start(deps);
}
// Call texts: the daily clean-up schedules itself from here on (one per day, any instance).
await scheduleCallRetention(deps.queue);
const server = Deno.serve({
  hostname: config.host,
  port: config.port,
  onListen: ({ hostname, port }) =>
    deps.logger.info("listening", {
      url: `http://${hostname}:${port}`,
      env: config.appEnv,
      database: deps.dbKind,
    }),
}, app.fetch);

const sweep = setInterval(() => {
  deleteExpiredKeys(deps.db).catch((err) =>
    deps.logger.warn("idempotency sweep failed", { error: err })
  );
}, 3_600_000);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.logger.info("shutting down", { signal });
  clearInterval(sweep);
  await server.shutdown();
  await deps.queue.stop(); // drain: running jobs finish, or go back to the queue
  await runtime.close();
  await simulators?.stop();
  Deno.exit(0);
}
Deno.addSignalListener("SIGTERM", () => shutdown("SIGTERM"));
Deno.addSignalListener("SIGINT", () => shutdown("SIGINT"));
