/**
 * A call-texts test bed: the Bitrix24 simulator seeded with calls, the OpenAI simulator, and a
 * test app whose config points at both, with a job worker started. Every test closes it.
 *
 * @module
 */
import type { DatabaseHandle } from "../../db/connect.ts";
import {
  type Bitrix24Simulator,
  type Bitrix24SimulatorOptions,
  startBitrix24Simulator,
} from "../../integrations/bitrix24/simulator.ts";
import type { CallSeedOptions } from "../../integrations/bitrix24/simulator_data.ts";
import { type OpenAISimulator, startOpenAISimulator } from "../../integrations/openai/simulator.ts";
import { systemActor } from "../../platform/actor.ts";
import { getRun, type RunView, startExport } from "../../routers/calls/runs.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";

/** The period most tests export: 60 days, Moscow time. */
export const PERIOD = {
  from: new Date("2024-01-01T00:00:00+03:00"),
  to: new Date("2024-02-29T23:59:59+03:00"),
};

/** Options of {@link startCallsBed}. */
export interface CallsBedOptions {
  /** Calls in the simulator (spread over {@link PERIOD}); 0 by default. */
  calls?: number;
  seed?: Partial<CallSeedOptions>;
  b24?: Omit<Bitrix24SimulatorOptions, "calls">;
  env?: Record<string, string>;
  /** Share a database with another bed (a restarted instance). */
  database?: DatabaseHandle;
  /** Start the job worker (default true). */
  worker?: boolean;
  /** How long closing lets running jobs finish (default 2 s). */
  drainMs?: number;
  /** Reuse running simulators (a restarted instance talks to the same portal). */
  sims?: { b24: Bitrix24Simulator; ai: OpenAISimulator };
}

/** A running bed. */
export interface CallsBed {
  b24: Bitrix24Simulator;
  ai: OpenAISimulator;
  t: TestApp;
  /** Stops the app (and the simulators when the bed started them). */
  close(): Promise<void>;
}

/** The environment that points the app at the simulators. */
export function simulatorEnv(b24: Bitrix24Simulator, ai: OpenAISimulator): Record<string, string> {
  return {
    B24_BASE_URL: `${b24.url}/rest`,
    B24_WEBHOOK_USER_ID: b24.userId,
    B24_WEBHOOK_TOKEN: b24.token,
    OPENAI_API_KEY: ai.apiKey,
    OPENAI_BASE_URL: ai.baseURL,
  };
}

/** Starts a bed; fast settings unless `env` says otherwise. */
export async function startCallsBed(options: CallsBedOptions = {}): Promise<CallsBed> {
  const b24 = options.sims?.b24 ?? await startBitrix24Simulator({
    bucket: null,
    ...options.b24,
    calls: { count: options.calls ?? 0, ...PERIOD, seed: 42, durationS: [2, 5], ...options.seed },
  });
  const ai = options.sims?.ai ?? await startOpenAISimulator();
  const t = await startTestApp({
    database: options.database,
    env: {
      ...simulatorEnv(b24, ai),
      B24_RATE_LIMIT_RPS: "1000",
      B24_RATE_LIMIT_BURST: "50",
      B24_BACKOFF_SECONDS: "0.02",
      JOBS_CONCURRENCY: "6",
      CALLS_CONCURRENCY: "5",
      CALLS_WINDOW_HOURS: "240",
      ...options.env,
    },
    jobs: {
      sweepMs: 100,
      leaseMs: 5_000,
      progressThrottleMs: 50,
      drainTimeoutMs: options.drainMs ?? 2_000,
    },
  });
  if (options.worker ?? true) await t.deps.queue.start(t.deps);
  return {
    b24,
    ai,
    t,
    async close() {
      await t.close();
      if (!options.sims) {
        await b24.stop();
        await ai.stop();
      }
    },
  };
}

/** Starts an export of {@link PERIOD} (or `period`) as the system. */
export async function exportPeriod(
  t: TestApp,
  period: { from: Date; to: Date } = PERIOD,
): Promise<string> {
  const { run } = await startExport(t.deps, systemActor(), period);
  return run.id;
}

/** Waits until the run is completed or failed; fails the test after `timeoutMs`. */
export async function waitForRun(
  t: Pick<TestApp, "deps">,
  runId: string,
  timeoutMs = 60_000,
): Promise<RunView> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const run = await getRun(t.deps, runId);
    if (run.status === "completed" || run.status === "error") return run;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `run ${runId} not finished in ${timeoutMs} ms: ${JSON.stringify(await getRun(t.deps, runId))}`,
  );
}

/** The summary of a finished run. */
export function summaryOf(run: RunView): NonNullable<RunView["summary"]> {
  if (!run.summary) throw new Error(`run ${run.id} has no summary (${run.status}: ${run.error})`);
  return run.summary;
}

/** Whisper requests per uploaded file name (`call_<id>_<record>.wav`). */
export function whisperUploads(ai: OpenAISimulator): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of ai.requests({ path: "/v1/audio/transcriptions" })) {
    if (r.body.kind !== "form") continue;
    const file = r.body.fields.file;
    const name = typeof file === "object" && !Array.isArray(file) ? file.filename : "?";
    out.set(name, (out.get(name) ?? 0) + 1);
  }
  return out;
}
