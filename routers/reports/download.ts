/**
 * Downloading a finished report: only its owner, only when done (seed 002: 400 before that),
 * never after it expired; every download leaves a `download` audit entry.
 *
 * @module
 */
import { withTx } from "../../db/tx.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import type { CrmCaller } from "../crm/caller.ts";
import { recordChange } from "../crm/record.ts";
import { contentDisposition } from "../../storage/http.ts";
import { XLSX_TYPE } from "./export_job.ts";

/** Opens the caller's finished report for download and records that it was downloaded. */
export async function downloadReport(
  deps: Pick<AppDeps, "db" | "storage">,
  caller: CrmCaller,
  id: string,
): Promise<Response> {
  const report = await deps.db.selectFrom("crm_report_jobs").selectAll()
    .where("id", "=", id).where("owner_id", "=", caller.userId).executeTakeFirst();
  if (!report) throw new AppError("NOT_FOUND", `Report job ${id} not found`);
  if (report.status === "expired") {
    throw new AppError("NOT_FOUND", `Report ${id} expired on ${report.expires_at?.toISOString()}`);
  }
  if (report.status !== "done" || !report.storage_key) {
    throw new AppError("BAD_REQUEST", `Report ${id} is not ready (status ${report.status})`, {
      extra: { status: report.status },
    });
  }
  const file = await deps.storage.get(report.storage_key);
  try {
    await withTx(deps.db, (tx) =>
      recordChange(tx, caller, {
        entity: "report_job",
        entityId: id,
        action: "download",
        meta: { file_name: report.file_name, size: file.size },
      }));
  } catch (err) {
    await file.body.cancel();
    throw err;
  }
  return new Response(file.body, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(report.file_name ?? `report_${id}.xlsx`),
    },
  });
}
