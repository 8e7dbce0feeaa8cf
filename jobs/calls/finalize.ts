/**
 * The end of a run: the registry `registry/calls_<from>_<to>.csv` (every record of the period,
 * schema v0.2.0), the period report `reports/summary_<period>.md`, and the run marked
 * completed with its summary. Running it twice rewrites the same files with the same content.
 *
 * @module
 */
import { sql } from "kysely";
import { jsonb } from "../../db/tx.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { registryKey, reportKey } from "../../routers/calls/layout.ts";
import { registryCsvStream } from "../../routers/calls/registry.ts";
import { periodReport } from "../../routers/calls/report.ts";
import { type RunSummary, summarizeRun } from "../../routers/calls/summary.ts";

/** Writes the run's outputs and completes it; returns its summary. */
export async function finalizeRun(
  deps: Pick<AppDeps, "db" | "storage" | "config">,
  runId: string,
): Promise<RunSummary> {
  const run = await deps.db.selectFrom("call_export_runs").selectAll().where("id", "=", runId)
    .executeTakeFirstOrThrow();
  const tz = deps.config.calls.timeZone;
  const from = new Date(run.period_from);
  const to = new Date(run.period_to);
  const csvKey = registryKey(from, to, tz);
  const mdKey = reportKey(from, to, tz);
  await deps.storage.put(csvKey, registryCsvStream(deps.db, { from, to }, { timeZone: tz }), {
    contentType: "text/csv; charset=utf-8",
  });
  const summary = await summarizeRun(
    deps.db,
    { ...run, status: "completed" },
    { timeZone: tz, ratePerMin: deps.config.calls.stt.ratePerMinUsd },
    { csv: csvKey, report: mdKey },
  );
  const failed = await deps.db.selectFrom("call_records")
    .select(["call_id", "record_id", "error_code", "error_message"])
    .where("run_id", "=", runId).where("status", "=", "error")
    .orderBy("call_started_at").orderBy("id").execute();
  await deps.storage.put(mdKey, periodReport(summary, failed), {
    contentType: "text/markdown; charset=utf-8",
  });
  await deps.db.updateTable("call_export_runs").set({
    status: "completed",
    summary: jsonb(summary),
    csv_path: csvKey,
    report_path: mdKey,
    error: null,
    finished_at: sql`now()`,
    updated_at: sql`now()`,
  }).where("id", "=", runId).execute();
  return summary;
}
