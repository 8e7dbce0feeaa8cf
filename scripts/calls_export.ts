/**
 * `deno task calls:export [--days N | --from D --to D] [--json] [--dev]`
 *
 * Runs a call-texts export in this process: starts (or resumes — the same period in progress
 * is picked up again) an export run, works its jobs with an in-process worker, prints progress
 * to stderr, and at the end the run summary — with `--json` as one JSON object on the last line
 * of stdout (`run_id, calls_found, transcribed, skipped, failed, minutes, cost, csv_path`, …).
 * Ctrl-C stops gracefully; running it again continues where it stopped. `--dev` talks to the
 * simulators of every integration without real credentials (as `deno task dev` does).
 *
 * Exit codes: 0 completed, 1 the run failed, 2 bad arguments or configuration.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { bitrix24Configured } from "../integrations/bitrix24/client.ts";
import { startDevSimulators } from "../integrations/dev.ts";
import { systemActor } from "../platform/actor.ts";
import { openRuntime } from "../platform/bootstrap.ts";
import { AppError } from "../platform/errors.ts";
import { createLogger } from "../platform/logger.ts";
import { getRun, startExport } from "../routers/calls/runs.ts";
import { readRange } from "../routers/calls/schemas.ts";

const USAGE = "usage: deno task calls:export [--days N | --from DATE --to DATE] [--json] [--dev]";

function fail(message: string): never {
  console.error(message);
  Deno.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      args: Deno.args,
      options: {
        days: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        json: { type: "boolean", default: false },
        dev: { type: "boolean", default: false },
      },
      strict: true,
    });
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
})();

const days = values.days === undefined ? undefined : Number(values.days);
if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
  fail(`--days: expected a whole number from 1 to 3650, got "${values.days}"\n${USAGE}`);
}
if (days !== undefined && (values.from || values.to)) fail(`give --days or --from/--to\n${USAGE}`);

let config;
try {
  config = loadConfig(Deno.env.toObject());
} catch (err) {
  if (err instanceof ConfigError) fail(err.message);
  throw err;
}
const simulators = values.dev ? await startDevSimulators(config) : undefined;
config = simulators?.config ?? config;
if (!bitrix24Configured(config)) {
  await simulators?.stop();
  fail("Bitrix24 is not configured: set B24_BASE_URL and B24_WEBHOOK_TOKEN (or pass --dev)");
}

// Logs go to stderr, so stdout carries only the summary.
const logger = createLogger({
  level: config.logLevel,
  maskPii: config.piiMasking,
  sink: (line) => console.error(line),
});
// The run's job waits for its calls' jobs: one slot for it, CALLS_CONCURRENCY for them.
const concurrency = config.calls.concurrency + 1;
const runtime = await openRuntime(config, { logger, jobs: { concurrency } });
const { deps } = runtime;

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.error("stopping; run the command again to continue the export");
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);

let exitCode = 0;
try {
  const tz = config.calls.timeZone;
  const range = readRange(values.from, values.to, ["--from", "--to"], tz, "Invalid period range");
  const { run, created } = await startExport(deps, systemActor(), { days, ...range });
  console.error(`${created ? "started" : "resuming"} export run ${run.id}`);
  await deps.queue.start(deps);
  let last = "";
  while (!stopping) {
    const view = await getRun(deps, run.id);
    const line = view.job?.message ?? view.status;
    if (line !== last) console.error(`[${view.job?.progress ?? 0}%] ${line}`);
    last = line;
    if (view.status === "completed" || view.status === "error") {
      if (view.status === "error") {
        console.error(`export failed: ${view.error}`);
        exitCode = 1;
      }
      const summary = view.summary;
      if (summary && values.json) console.log(JSON.stringify(summary));
      else if (summary) {
        console.log(
          `run ${summary.run_id}: ${summary.calls_found} calls, ${summary.transcribed} transcribed, ` +
            `${summary.skipped} skipped, ${summary.failed} failed, ${summary.minutes} min, ` +
            `${summary.cost_text} ${summary.currency}\nregistry: ${summary.csv_path}\nreport: ${summary.report_path}`,
        );
      }
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (stopping) exitCode = 130;
} catch (err) {
  console.error(err instanceof AppError ? `${err.title}: ${err.message}` : err);
  exitCode = err instanceof AppError ? 2 : 1;
} finally {
  await runtime.close();
  await simulators?.stop();
}
Deno.exit(exitCode);
