/**
 * Call-texts benchmark, two figures:
 *
 * 1. **Bitrix24 request rate** — several workers with one shared budget (the Postgres slot
 *    clock) call the simulated portal as fast as they may; the rate the portal saw, between
 *    its first and last request, as a share of B24_RATE_LIMIT_RPS (target ≥ 95 %), and the
 *    number of QUERY_LIMIT_EXCEEDED answers (target 0; the portal's bucket is set to the limit).
 * 2. **Pipeline throughput** — a whole export (list → download → Whisper → store → registry)
 *    of N simulated calls through the real runtime and job queue, in calls per minute, with the
 *    portal's limit lifted to see the pipeline's own ceiling; and the ceiling the portal's limit
 *    puts on a real export (portal requests per call measured, at the configured rate).
 *
 * `deno run -A bench/calls_bench.ts [--rps 2] [--requests 31] [--calls 200] [--pipeline-rps 200]`
 * (`runCallsBench()` for `bench/run.ts`). Uses PGlite, or Postgres when DATABASE_URL is set.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { Bitrix24Client } from "../integrations/bitrix24/client.ts";
import { SharedRateLimiter } from "../integrations/bitrix24/rate_limit.ts";
import { startBitrix24Simulator } from "../integrations/bitrix24/simulator.ts";
import { startOpenAISimulator } from "../integrations/openai/simulator.ts";
import { systemActor } from "../platform/actor.ts";
import { openRuntime } from "../platform/bootstrap.ts";
import { createLogger } from "../platform/logger.ts";
import { startExport } from "../routers/calls/runs.ts";
import { PERIOD, simulatorEnv, waitForRun } from "../tests/calls/helpers.ts";
import { openTestDatabase } from "../tests/helpers/db.ts";

/** Settings of {@link runCallsBench}. */
export interface CallsBenchOptions {
  /** Configured Bitrix24 rate for the rate figure. */
  rps: number;
  /** Requests sent for the rate figure. */
  requests: number;
  /** Workers sharing the budget. */
  workers: number;
  /** Calls exported for the throughput figure. */
  calls: number;
  /** Bitrix24 rate during the throughput run (high: the pipeline's own ceiling). */
  pipelineRps: number;
}

/** Figure 1: achieved request rate against the configured limit. */
export async function benchRate(o: CallsBenchOptions) {
  const sim = await startBitrix24Simulator({
    bucket: { rps: o.rps, burst: Math.max(2, Math.ceil(o.rps)) },
    calls: { count: 1, ...PERIOD },
  });
  const db = await openTestDatabase();
  try {
    const limiter = () => new SharedRateLimiter(db.db, "bench", { rps: o.rps, burst: 1 });
    const clients = Array.from({ length: o.workers }, () =>
      new Bitrix24Client({
        baseUrl: sim.url,
        userId: sim.userId,
        token: sim.token,
        backoffMs: 1_000,
        maxAttempts: 5,
        timeoutMs: 30_000,
        limiter: limiter(),
      }));
    const fileId = sim.calls()[0].row.RECORD_FILE_ID!;
    let next = 0;
    await Promise.all(clients.map(async (c) => {
      while (next++ < o.requests) await c.diskFile(fileId);
    }));
    const t = sim.acceptedTimes();
    const achieved = (t.length - 1) / ((t.at(-1)! - t[0]) / 1000);
    return {
      configured_rps: o.rps,
      achieved_rps: Number(achieved.toFixed(3)),
      share: Number((achieved / o.rps).toFixed(4)),
      requests: t.length,
      workers: o.workers,
      query_limit_exceeded: sim.limitExceeded(),
    };
  } finally {
    await sim.stop();
    await db.close();
  }
}

/** Figure 2: calls per minute through the whole pipeline. */
export async function benchPipeline(o: CallsBenchOptions) {
  const b24 = await startBitrix24Simulator({
    bucket: null,
    calls: { count: o.calls, ...PERIOD, durationS: [3, 8], seed: 11 },
  });
  const ai = await startOpenAISimulator();
  const database = await openTestDatabase();
  const storageDir = await Deno.makeTempDir({ prefix: "fieldhub-calls-bench-" });
  const kv = await Deno.openKv(":memory:");
  const config = loadConfig({
    ...Deno.env.toObject(),
    APP_ENV: "test",
    JWT_SECRET: "bench-secret-0123456789abcdef0123456789",
    STORAGE_BACKEND: "local",
    LOCAL_STORAGE_DIR: storageDir,
    ...simulatorEnv(b24, ai),
    B24_RATE_LIMIT_RPS: String(o.pipelineRps),
    B24_RATE_LIMIT_BURST: "10",
  });
  const concurrency = config.calls.concurrency + 1;
  const runtime = await openRuntime(config, {
    database,
    kv,
    skipMigrations: true,
    logger: createLogger({ level: "ERROR", maskPii: true, sink: () => {} }),
    jobs: { concurrency, sweepMs: 200 },
  });
  try {
    await runtime.deps.queue.start(runtime.deps);
    const started = performance.now();
    const { run } = await startExport(runtime.deps, systemActor(), PERIOD);
    const view = await waitForRun(runtime, run.id, 60 * 60_000);
    const minutes = (performance.now() - started) / 60_000;
    const portalRequests = b24.count();
    const perCall = portalRequests / o.calls;
    return {
      calls: o.calls,
      status: view.status,
      transcribed: view.summary?.transcribed ?? 0,
      seconds: Number((minutes * 60).toFixed(1)),
      calls_per_min: Number((o.calls / minutes).toFixed(1)),
      concurrency: config.calls.concurrency,
      portal_requests_per_call: Number(perCall.toFixed(2)),
      // A real portal allows B24_RATE_LIMIT_RPS (2 by default): the export cannot go faster.
      ceiling_at_2rps_calls_per_min: Number((2 * 60 / perCall).toFixed(1)),
    };
  } finally {
    await runtime.close();
    kv.close();
    await database.close();
    await b24.stop();
    await ai.stop();
    await Deno.remove(storageDir, { recursive: true });
  }
}

/** Runs both figures and prints them (a table and one JSON line). */
export async function runCallsBench(options: Partial<CallsBenchOptions> = {}) {
  const o: CallsBenchOptions = {
    rps: 2,
    requests: 31,
    workers: 4,
    calls: 200,
    pipelineRps: 200,
    ...options,
  };
  const rate = await benchRate(o);
  const pipeline = await benchPipeline(o);
  console.log(`\n## Call texts (B24 rate limit, export pipeline)`);
  console.log(`| figure | value |\n|---|---|`);
  console.log(
    `| Bitrix24 rate: ${rate.requests} requests, ${rate.workers} workers, limit ${rate.configured_rps} rps | ${rate.achieved_rps} rps = ${
      (rate.share * 100).toFixed(1)
    } % of the limit (target ≥ 95 %), ${rate.query_limit_exceeded} QUERY_LIMIT_EXCEEDED |`,
  );
  console.log(
    `| Pipeline: ${pipeline.calls} calls, limit lifted to ${o.pipelineRps} rps | ${pipeline.calls_per_min} calls/min (${pipeline.seconds} s, ${pipeline.transcribed} transcribed) |`,
  );
  console.log(
    `| Portal requests per call | ${pipeline.portal_requests_per_call} → at 2 rps at most ${pipeline.ceiling_at_2rps_calls_per_min} calls/min |`,
  );
  const result = { rate, pipeline };
  console.log(JSON.stringify(result));
  return result;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      rps: { type: "string" },
      requests: { type: "string" },
      workers: { type: "string" },
      calls: { type: "string" },
      "pipeline-rps": { type: "string" },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  await runCallsBench(Object.fromEntries(
    Object.entries({
      rps: num(values.rps),
      requests: num(values.requests),
      workers: num(values.workers),
      calls: num(values.calls),
      pipelineRps: num(values["pipeline-rps"]),
    }).filter(([, v]) => v !== undefined),
  ));
}
