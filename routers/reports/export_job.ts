/**
 * The background side of reports. `crm.report.export` writes the XLSX with exceljs's streaming
 * writer into a temporary file (rows committed as they are written, so memory stays flat),
 * stores it, and schedules `crm.report.expire` for when the file's time is up (CRM_REPORT_TTL_DAYS;
 * seed 002's 7 days). Retries follow seed 002's intent: 3 more tries, 1, 2, 4 minutes apart.
 *
 * The export runs as its owner: their scope and their masking, read when the job runs.
 *
 * @module
 */
import ExcelJS from "exceljs";
import { z } from "zod";
import type { Db } from "../../db/database.ts";
import { withTx } from "../../db/tx.ts";
import { errorText, PermanentJobError } from "../../jobs/retry.ts";
import type { JobContext, Queue } from "../../jobs/types.ts";
import { AppError } from "../../platform/errors.ts";
import { putFile } from "../../storage/storage.ts";
import { loadCaller } from "../crm/caller.ts";
import { CHUNK, reportColumns, reportIds, reportRows } from "./rows.ts";
import { exportInput, REPORT_SOURCES } from "./sources.ts";

/** Job type of an export. */
export const EXPORT_JOB = "crm.report.export";
/** Job type of the cleanup of expired report files. */
export const EXPIRE_JOB = "crm.report.expire";
/** MIME type of XLSX files. */
export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const exportPayload = z.object({ report_id: z.uuid() });
type ExportPayload = z.output<typeof exportPayload>;

async function setReport(db: Db, id: string, set: Record<string, unknown>) {
  await db.updateTable("crm_report_jobs").set(set).where("id", "=", id).execute();
}

async function runExport(ctx: JobContext<ExportPayload>) {
  const { db, storage, config, queue } = ctx.deps;
  const id = ctx.job.payload.report_id;
  const report = await db.selectFrom("crm_report_jobs").selectAll().where("id", "=", id)
    .executeTakeFirst();
  if (!report) throw new PermanentJobError(`report job ${id} not found`);
  if (report.status === "done" || report.status === "expired") return { skipped: report.status };
  const owner = await db.selectFrom("users").select(["id", "roles", "is_active"])
    .where("id", "=", report.owner_id).executeTakeFirst();
  if (!owner?.is_active) throw new PermanentJobError("the report's owner is no longer active");
  const caller = await loadCaller(db, { userId: owner.id, roles: owner.roles as never })
    .catch((err) => {
      throw err instanceof AppError ? new PermanentJobError(err.message) : err;
    });
  const input = exportInput.parse({
    entity: report.entity,
    filters: report.filters,
    columns: report.columns,
    sort: report.sort,
  });
  await setReport(db, id, { status: "processing", started_at: new Date(), error_message: null });
  const tmp = await Deno.makeTempFile({ prefix: "crm-report-", suffix: ".xlsx" });
  try {
    const ids = await reportIds(db, caller, input);
    ctx.progress(1, `0 / ${ids.length}`);
    const columns = reportColumns(input);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: tmp,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(REPORT_SOURCES[input.entity].sheet, {
      views: [{ state: "frozen", ySplit: 1 }],
    });
    sheet.columns = columns.map((c) => ({
      header: c.label,
      key: c.key,
      width: c.width,
      style: c.label.includes("(UTC)") ? { numFmt: "yyyy-mm-dd hh:mm" } : undefined,
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let written = 0;
    for (let i = 0; i < ids.length; i += CHUNK) {
      if (ctx.signal.aborted) throw new Error("export interrupted by shutdown");
      const rows = await reportRows(db, caller, input.entity, ids.slice(i, i + CHUNK));
      for (const row of rows) sheet.addRow(columns.map((c) => c.value(row))).commit();
      written += rows.length;
      ctx.progress(1 + (98 * (i + CHUNK)) / Math.max(ids.length, 1), `${written} / ${ids.length}`);
    }
    sheet.commit();
    await workbook.commit();
    const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
    const fileName = `report_${id}_${input.entity}_${stamp}.xlsx`;
    const key = `crm/reports/${report.owner_id}/${id}.xlsx`;
    const put = await putFile(storage, key, tmp, { contentType: XLSX_TYPE });
    const ttlMs = config.crm.reportTtlDays * 86_400_000;
    // Done and its clean-up scheduled together: no finished report is left without an expiry.
    await withTx(db, async (tx) => {
      await setReport(tx, id, {
        status: "done",
        storage_key: key,
        file_name: fileName,
        file_size: put.size,
        row_count: written,
        completed_at: new Date(),
        expires_at: new Date(Date.now() + ttlMs),
      });
      await queue.enqueue(EXPIRE_JOB, {}, { tx, delay: ttlMs + 1000, dedupKey: `expire:${id}` });
    });
    ctx.progress(100, `${written} / ${ids.length}`);
    return { rows: written, bytes: put.size, key };
  } catch (err) {
    await setReport(db, id, { status: "pending", error_message: errorText(err) });
    throw err;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

/** Deletes the files of every report past its expiry; the jobs stay, marked `expired`. */
export async function expireReports(ctx: Pick<JobContext, "deps">): Promise<{ expired: number }> {
  const { db, storage } = ctx.deps;
  const due = await db.selectFrom("crm_report_jobs").select(["id", "storage_key"])
    .where("status", "=", "done").where("expires_at", "<=", new Date()).execute();
  for (const r of due) {
    if (r.storage_key) await storage.delete(r.storage_key);
    await setReport(db, r.id, { status: "expired", storage_key: null });
  }
  return { expired: due.length };
}

/** Registers the report job types (called from `jobs/handlers.ts`). */
export function registerReportJobs(queue: Queue): void {
  queue.register<ExportPayload>(EXPORT_JOB, runExport, {
    payload: exportPayload,
    maxAttempts: 4,
    backoffBaseMs: 60_000,
    onDead: async (tx, job, error) => {
      await tx.updateTable("crm_report_jobs").set({ status: "failed", error_message: error })
        .where("job_id", "=", job.id).execute();
    },
    onReplay: async (tx, job) => {
      await tx.updateTable("crm_report_jobs").set({ status: "pending", error_message: null })
        .where("job_id", "=", job.id).execute();
    },
  });
  queue.register(EXPIRE_JOB, expireReports, { maxAttempts: 5 });
}
