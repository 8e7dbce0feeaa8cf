/**
 * `calls.export`: one export run. It lists the period's calls window by window (each finished
 * window is a checkpoint, so a run that was stopped lists only what it had not), stores them as
 * records, then keeps up to CALLS_CONCURRENCY `calls.transcribe` jobs of its calls in flight
 * until every record is final, reporting "listed / done / failed" as the job's progress (the
 * jobs page shows it live), and at last writes the registry CSV and the period report.
 *
 * The job holds one worker slot while its calls run: a worker needs JOBS_CONCURRENCY ≥ 2, or
 * another worker, to run them.
 *
 * @module
 */
import { sql } from "kysely";
import { withTx } from "../../db/tx.ts";
import type { CallRunRow } from "../../db/schema_calls.ts";
import { bitrix24Configured, createBitrix24Client } from "../../integrations/bitrix24/client.ts";
import { Bitrix24Error } from "../../integrations/bitrix24/errors.ts";
import { sleep } from "../../integrations/bitrix24/rate_limit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { BadCallRow, type ListedCall, listedCall } from "../../routers/calls/call_row.ts";
import { CALL_JOBS } from "../../routers/calls/job_types.ts";
import {
  claimPending,
  countByStatus,
  countOf,
  FINAL,
  IN_FLIGHT,
  skipPending,
  upsertListed,
} from "../../routers/calls/records.ts";
import type { RunSummary } from "../../routers/calls/summary.ts";
import { rfc3339, windowsOf } from "../../routers/calls/time.ts";
import { PermanentJobError } from "../retry.ts";
import type { JobContext } from "../types.ts";
import { finalizeRun } from "./finalize.ts";
import { sttEnabled } from "./stt.ts";

type Ctx = JobContext<{ runId: string }>;

/** How often the run looks at its calls while they are processed. */
const POLL_MS = 200;

async function listWindows(ctx: Ctx, run: CallRunRow): Promise<void> {
  const { deps, signal } = ctx;
  const tz = deps.config.calls.timeZone;
  const windows = windowsOf(
    new Date(run.period_from),
    new Date(run.period_to),
    deps.config.calls.windowHours,
  );
  const done = new Set(
    (await deps.db.selectFrom("call_export_windows").select("window_from")
      .where("run_id", "=", run.id).execute()).map((w) => new Date(w.window_from).getTime()),
  );
  const b24 = createBitrix24Client(deps);
  let listed = 0;
  for (const [i, w] of windows.entries()) {
    if (done.has(w.from.getTime())) continue;
    let calls = 0, noRecording = 0, unreadable = 0;
    for await (
      const page of b24.listCalls({ from: rfc3339(w.from, tz), to: rfc3339(w.to, tz) }, { signal })
    ) {
      const stored: ListedCall[] = [];
      for (const row of page.rows) {
        calls++;
        try {
          const call = await listedCall(row);
          if (call) stored.push(call);
          else noRecording++;
        } catch (err) {
          if (!(err instanceof BadCallRow)) throw err;
          unreadable++;
          ctx.logger.warn("unreadable call row skipped", { run_id: run.id, reason: err.message });
        }
      }
      await upsertListed(deps.db, run.id, stored);
      listed += stored.length;
    }
    await deps.db.insertInto("call_export_windows").values({
      run_id: run.id,
      window_from: w.from,
      window_to: w.to,
      calls,
      no_recording: noRecording,
      unreadable,
    }).onConflict((oc) => oc.columns(["run_id", "window_from"]).doNothing()).execute();
    ctx.progress(
      10 * (i + 1) / windows.length,
      `Получение списка звонков: окно ${i + 1} из ${windows.length}, новых записей ${listed}`,
    );
  }
}

/** Keeps the run's calls flowing until every record is final. */
async function processCalls(ctx: Ctx, run: CallRunRow): Promise<void> {
  const { deps, signal } = ctx;
  const { stt, concurrency } = deps.config.calls;
  // Records become pending only by listing, which is over by now: skip what STT will not take once.
  if (!sttEnabled(deps.config)) await skipPending(deps.db, run.id, "stt_disabled");
  else await skipPending(deps.db, run.id, "too_long", stt.maxFileMinutes * 60);
  while (true) {
    signal.throwIfAborted();
    const c = await countByStatus(deps.db, run.id);
    const inFlight = countOf(c, IN_FLIGHT);
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    const final = countOf(c, FINAL);
    ctx.progress(
      10 + (total ? 89 * final / total : 89),
      `Звонков: ${total} · готово ${c.completed} · пропущено ${c.skipped} · ошибок ${c.error} · в работе ${inFlight}`,
    );
    if (c.pending === 0 && inFlight === 0) return;
    if (c.pending > 0 && inFlight < concurrency) {
      await withTx(deps.db, async (tx) => {
        for (const record of await claimPending(tx, run.id, concurrency - inFlight)) {
          // System work: the user's jobs page shows the run (with its progress), not each call.
          await deps.queue.enqueue(CALL_JOBS.transcribe, { recordId: record.id }, { tx });
        }
      });
      continue;
    }
    await sleep(POLL_MS, signal);
  }
}

/**
 * The job handler; returns the run summary (also stored on the run).
 *
 * @throws {PermanentJobError} when Bitrix24 is not configured (the run is marked `error`)
 */
export async function exportRun(ctx: Ctx): Promise<RunSummary | null> {
  const { deps } = ctx;
  const run = await deps.db.selectFrom("call_export_runs").selectAll()
    .where("id", "=", ctx.job.payload.runId).executeTakeFirst();
  if (!run) return null;
  if (run.status === "completed" && run.summary) return run.summary as RunSummary;
  if (run.status === "cancelled") return null;
  await deps.db.updateTable("call_export_runs").set({
    status: "in_progress",
    started_at: sql`coalesce(started_at, now())`,
    error: null,
    updated_at: sql`now()`,
  }).where("id", "=", run.id).execute();
  if (!bitrix24Configured(deps.config)) {
    // The job dies at once; its dead hook marks the run failed in the same transaction.
    throw new PermanentJobError(
      "Bitrix24 is not configured: set B24_BASE_URL and B24_WEBHOOK_TOKEN",
    );
  }
  if (deps.config.jobs.concurrency < 2) {
    ctx.logger.warn("JOBS_CONCURRENCY is 1: this worker cannot run the export's calls itself");
  }
  try {
    await listWindows(ctx, run);
  } catch (err) {
    // A wrong webhook or a refused filter will not fix itself: fail the run now, say why.
    if (err instanceof Bitrix24Error && !err.transient) {
      throw new PermanentJobError(err.message, { cause: err });
    }
    throw err;
  }
  await processCalls(ctx, run);
  return await finalizeRun(deps, run.id);
}

/** Marks a run failed when its job dies, with the job's last error (without the error's class). */
export async function markRunFailed(
  deps: Pick<AppDeps, "db">,
  runId: string,
  error: string,
): Promise<void> {
  await deps.db.updateTable("call_export_runs").set({
    status: "error",
    error: error.replace(/^PermanentJobError: /, "").slice(0, 2000),
    finished_at: sql`now()`,
    updated_at: sql`now()`,
  }).where("id", "=", runId).where("status", "<>", "completed").execute();
}
