/**
 * Report jobs as users see them: asking for an export (deduplicated for 5 minutes, at most
 * CRM_EXPORT_LIMIT_PER_5MIN new ones per user in any 5 minutes), listing and reading one's own
 * jobs with their progress, and previews. Every user sees only their own jobs (another user's
 * job is a 404).
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CrmReportJobRow } from "../../db/schema_crm.ts";
import { jsonb, withTx } from "../../db/tx.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { sha256Hex } from "../../platform/hash.ts";
import { canonicalJson } from "../../platform/idempotency/store.ts";
import type { CrmCaller } from "../crm/caller.ts";
import { recordChange } from "../crm/record.ts";
import { pageOf, pageOffset, type PageQuery } from "../../platform/paging.ts";
import { EXPORT_JOB } from "./export_job.ts";
import { reportColumns, reportCount, reportIds, reportRows } from "./rows.ts";
import type { ExportInput } from "./sources.ts";

/** Identical requests within this window return the first job. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

type Joined = CrmReportJobRow & { progress: number | null; progress_message: string | null };

/** A report job as the API shows it. */
export function reportView(row: Joined) {
  return {
    id: row.id,
    entity: row.entity,
    status: row.status,
    progress: row.status === "done" ? 100 : row.progress ?? 0,
    progress_message: row.progress_message,
    filters: row.filters,
    columns: row.columns,
    sort: row.sort,
    row_count: row.row_count,
    file_size: row.file_size,
    file_name: row.file_name,
    error_message: row.error_message,
    created_at: row.created_at.toISOString(),
    started_at: row.started_at?.toISOString() ?? null,
    completed_at: row.completed_at?.toISOString() ?? null,
    expires_at: row.expires_at?.toISOString() ?? null,
    download_url: row.status === "done" ? `/api/v1/reports/jobs/${row.id}/download` : null,
  };
}
/** A report job view. */
export type ReportView = ReturnType<typeof reportView>;

function joined(db: Db) {
  return db.selectFrom("crm_report_jobs").leftJoin("jobs", "jobs.id", "crm_report_jobs.job_id")
    .selectAll("crm_report_jobs").select(["jobs.progress", "jobs.progress_message"]);
}

/** The caller's report job, or 404. */
export async function getReportJob(db: Db, caller: CrmCaller, id: string): Promise<ReportView> {
  const row = await joined(db).where("crm_report_jobs.id", "=", id)
    .where("crm_report_jobs.owner_id", "=", caller.userId).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `Report job ${id} not found`);
  return reportView(row);
}

/** The caller's report jobs, newest first. */
export async function listReportJobs(db: Db, caller: CrmCaller, q: PageQuery) {
  const [rows, count] = await Promise.all([
    joined(db).where("crm_report_jobs.owner_id", "=", caller.userId)
      .orderBy("crm_report_jobs.created_at", "desc").orderBy("crm_report_jobs.id")
      .limit(q.limit).offset(pageOffset(q.page, q.limit)).execute(),
    db.selectFrom("crm_report_jobs").select(sql<number>`count(*)::int`.as("n"))
      .where("owner_id", "=", caller.userId).executeTakeFirstOrThrow(),
  ]);
  return pageOf(rows.map(reportView), q, count.n);
}

/**
 * Starts an export, or returns the identical one asked for in the last 5 minutes
 * (`deduplicated: true`). The job row, the platform job and the `export` audit entry commit
 * together.
 *
 * @throws {AppError} 429 over the per-user limit, with Retry-After
 */
export function requestExport(
  deps: Pick<AppDeps, "db" | "queue" | "config">,
  caller: CrmCaller,
  input: ExportInput,
): Promise<ReportView & { deduplicated: boolean }> {
  const filters = JSON.parse(JSON.stringify(input.filters)) as Record<string, unknown>;
  const columns = reportColumns(input).map((c) => c.key);
  return withTx(deps.db, async (tx) => {
    // One user's requests queue up here, so the dedup check and the count are exact.
    // Two-key form: its own lock space, apart from the one-key CRM write lock.
    await sql`select pg_advisory_xact_lock(20021, hashtext(${caller.userId}))`.execute(tx);
    const dedupKey = await sha256Hex(canonicalJson({
      owner: caller.userId,
      entity: input.entity,
      filters,
      columns,
      sort: input.sort,
    }));
    const since = new Date(Date.now() - DEDUP_WINDOW_MS);
    const same = await joined(tx).where("crm_report_jobs.dedup_key", "=", dedupKey)
      .where("crm_report_jobs.created_at", ">", since)
      .where("crm_report_jobs.status", "in", ["pending", "processing", "done"])
      .orderBy("crm_report_jobs.created_at", "desc").executeTakeFirst();
    if (same) return { ...reportView(same), deduplicated: true };
    const recent = await tx.selectFrom("crm_report_jobs").select("created_at")
      .where("owner_id", "=", caller.userId).where("created_at", ">", since)
      .orderBy("created_at").execute();
    const limit = deps.config.crm.exportLimitPer5Min;
    if (recent.length >= limit) {
      const retry = Math.max(
        1,
        Math.ceil((recent[0].created_at.getTime() + DEDUP_WINDOW_MS - Date.now()) / 1000),
      );
      throw new AppError(
        "TOO_MANY_REQUESTS",
        `At most ${limit} exports in 5 minutes; retry in ${retry} s`,
        {
          title: "Too many exports",
          headers: { "Retry-After": String(retry) },
          extra: { limit, window_s: 300 },
        },
      );
    }
    const row = await tx.insertInto("crm_report_jobs").values({
      owner_id: caller.userId,
      entity: input.entity,
      filters: jsonb(filters),
      columns,
      sort: input.sort,
      dedup_key: dedupKey,
    }).returningAll().executeTakeFirstOrThrow();
    const { job } = await deps.queue.enqueue(EXPORT_JOB, { report_id: row.id }, {
      tx,
      dedupKey: row.id,
      createdBy: caller.userId,
    });
    await tx.updateTable("crm_report_jobs").set({ job_id: job.id }).where("id", "=", row.id)
      .execute();
    await recordChange(tx, caller, {
      entity: "report_job",
      entityId: row.id,
      action: "export",
      after: { entity: input.entity, filters, columns, sort: input.sort },
    });
    return { ...await getReportJob(tx, caller, row.id), deduplicated: false };
  });
}

/** The first rows of a report as they would be exported (same scope, masking and columns). */
export async function previewReport(
  db: Db,
  caller: CrmCaller,
  input: ExportInput & { limit: number },
) {
  const columns = reportColumns(input);
  const [ids, total] = await Promise.all([
    reportIds(db, caller, input, input.limit),
    reportCount(db, caller, input),
  ]);
  const rows = await reportRows(db, caller, input.entity, ids);
  return {
    columns: columns.map(({ key, label }) => ({ key, label })),
    rows: rows.map((r) =>
      Object.fromEntries(columns.map((c) => {
        const v = c.value(r);
        return [c.key, v instanceof Date ? v.toISOString() : v];
      }))
    ),
    total,
  };
}
