/**
 * Export runs: starting one (a `calls.export` job over a period), and reading a run with its
 * live progress. A period that already has a run in progress returns that run instead of
 * starting a second one (the seed's "repeating the request returns the run's status").
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CallRecordStatus, CallRunRow } from "../../db/schema_calls.ts";
import { jsonb, withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { CALL_JOBS } from "./job_types.ts";
import { periodKey } from "./layout.ts";
import { countOf, countsByRun, IN_FLIGHT } from "./records.ts";
import { orderedSummary, type RunSummary } from "./summary.ts";
import { lastDays } from "./time.ts";

/** Longest period one run may cover. */
export const MAX_PERIOD_DAYS = 3660;

/** What starts a run: a number of days back from today, or an explicit period. */
export interface ExportRequest {
  days?: number;
  from?: Date;
  to?: Date;
}

/** The period of a request: explicit bounds, or CALLS_EXPORT_DAYS back from today. */
export function resolvePeriod(
  config: AppDeps["config"],
  input: ExportRequest,
  now = new Date(),
): { from: Date; to: Date } {
  const fallback = lastDays(input.days ?? config.calls.exportDays, config.calls.timeZone, now);
  const from = input.from ?? fallback.from;
  const to = input.to ?? (input.from ? now : fallback.to);
  if (from.getTime() > to.getTime()) {
    throw new AppError("BAD_REQUEST", "Invalid period range", {
      title: "Invalid period range",
      fields: [{ field: "from", message: "must not be after `to`", in: "input" }],
    });
  }
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) {
    throw new AppError("UNPROCESSABLE_CONTENT", `A run covers at most ${MAX_PERIOD_DAYS} days`, {
      fields: [{ field: "from", message: `at most ${MAX_PERIOD_DAYS} days before \`to\`` }],
    });
  }
  return { from, to };
}

/**
 * Starts an export of a period, or returns the run of that period still in progress.
 *
 * @example
 * ```ts
 * const { run, created } = await startExport(deps, actor, { days: 60 });
 * ```
 */
export async function startExport(
  deps: Pick<AppDeps, "db" | "queue" | "config">,
  actor: Actor,
  input: ExportRequest,
): Promise<{ run: CallRunRow; created: boolean }> {
  const { from, to } = resolvePeriod(deps.config, input);
  const period = periodKey(from, to, deps.config.calls.timeZone);
  return await withTx(deps.db, async (tx) => {
    // Two requests for one period at once: the second waits here and then finds the first.
    await sql`select pg_advisory_xact_lock(hashtext(${`calls.export:${period}`}))`.execute(tx);
    const live = await tx.selectFrom("call_export_runs").selectAll()
      .where("period_from", "=", from).where("period_to", "=", to)
      .where("status", "in", ["pending", "in_progress"]).executeTakeFirst();
    if (live) return { run: live, created: false };
    const id = crypto.randomUUID();
    const { job } = await deps.queue.enqueue(CALL_JOBS.exportRun, { runId: id }, {
      tx,
      dedupKey: `run:${id}`,
      createdBy: actor.userId,
    });
    const run = await tx.insertInto("call_export_runs").values({
      id,
      period_from: from,
      period_to: to,
      options: jsonb({ days: input.days ?? null }),
      actor_user_id: actor.userId,
      job_id: job.id,
    }).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, actor, {
      entity: "call_export_run",
      entityId: id,
      action: "create",
      after: { period_from: from.toISOString(), period_to: to.toISOString(), job_id: job.id },
    });
    return { run, created: true };
  });
}

/** A run as the API shows it, with live counts and its job's progress. */
export interface RunView {
  id: string;
  status: CallRunRow["status"];
  period_from: string;
  period_to: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  counts: {
    listed: number;
    pending: number;
    in_progress: number;
    completed: number;
    skipped: number;
    failed: number;
  };
  job: { id: string; status: string; progress: number; message: string | null } | null;
  summary: RunSummary | null;
  csv_path: string | null;
  report_path: string | null;
  error: string | null;
}

/** Runs as the API shows them, their counts and jobs read in one query each. */
export async function runViews(db: Db, runs: CallRunRow[]): Promise<RunView[]> {
  const jobIds = runs.flatMap((r) => (r.job_id ? [r.job_id] : []));
  const [counts, jobs] = await Promise.all([
    countsByRun(db, runs.map((r) => r.id)),
    jobIds.length
      ? db.selectFrom("jobs").select(["id", "status", "progress", "progress_message"])
        .where("id", "in", jobIds).execute()
      : [],
  ]);
  const jobOf = new Map(jobs.map((j) => [j.id, j]));
  return runs.map((r) => view(r, counts.get(r.id)!, r.job_id ? jobOf.get(r.job_id) : undefined));
}

function view(
  run: CallRunRow,
  c: Record<CallRecordStatus, number>,
  job:
    | { id: string; status: string; progress: number; progress_message: string | null }
    | undefined,
): RunView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: run.id,
    status: run.status,
    period_from: new Date(run.period_from).toISOString(),
    period_to: new Date(run.period_to).toISOString(),
    created_at: new Date(run.created_at).toISOString(),
    started_at: iso(run.started_at),
    finished_at: iso(run.finished_at),
    counts: {
      listed: Object.values(c).reduce((a, b) => a + b, 0),
      pending: c.pending,
      in_progress: countOf(c, IN_FLIGHT),
      completed: c.completed,
      skipped: c.skipped,
      failed: c.error,
    },
    job: job
      ? {
        id: job.id,
        status: job.status,
        progress: job.progress,
        message: job.progress_message,
      }
      : null,
    summary: orderedSummary(run.summary),
    csv_path: run.csv_path,
    report_path: run.report_path,
    error: run.error,
  };
}

/**
 * A run with its progress.
 *
 * @throws {AppError} NOT_FOUND
 */
export async function getRun(deps: Pick<AppDeps, "db">, id: string): Promise<RunView> {
  const run = await deps.db.selectFrom("call_export_runs").selectAll().where("id", "=", id)
    .executeTakeFirst();
  if (!run) throw new AppError("NOT_FOUND", "Export run not found", { title: "Run not found" });
  return (await runViews(deps.db, [run]))[0];
}

/** The latest runs, newest first. */
export async function listRuns(
  deps: Pick<AppDeps, "db">,
  input: { limit: number },
): Promise<RunView[]> {
  const runs = await deps.db.selectFrom("call_export_runs").selectAll()
    .orderBy("created_at", "desc").orderBy("id", "desc").limit(input.limit).execute();
  return await runViews(deps.db, runs);
}

/**
 * Download links of a finished run's registry and report (presigned, short-lived).
 *
 * @throws {AppError} NOT_FOUND for an unknown run; CONFLICT before the run has its files
 */
export async function runFiles(
  deps: Pick<AppDeps, "db" | "storage">,
  id: string,
): Promise<{ csv: string; report: string; expires_at: string }> {
  const run = await deps.db.selectFrom("call_export_runs").select(["csv_path", "report_path"])
    .where("id", "=", id).executeTakeFirst();
  if (!run) throw new AppError("NOT_FOUND", "Export run not found", { title: "Run not found" });
  if (!run.csv_path || !run.report_path) {
    throw new AppError("CONFLICT", "The run has not written its files yet");
  }
  const name = (key: string) => key.split("/").pop()!;
  const csv = await deps.storage.presignDownload(run.csv_path, { filename: name(run.csv_path) });
  const report = await deps.storage.presignDownload(run.report_path, {
    filename: name(run.report_path),
  });
  return { csv: csv.url, report: report.url, expires_at: csv.expiresAt.toISOString() };
}
