/**
 * The call-texts job types on a queue: the export run, the per-call transcription (retried
 * with backoff; when its tries run out the record is marked `error` and the job waits in the
 * dead-letter list for an administrator's requeue), and the daily retention.
 *
 * @module
 */
import { sql } from "kysely";
import {
  CALL_JOBS,
  exportRunPayload,
  retentionPayload,
  transcribePayload,
} from "../../routers/calls/job_types.ts";
import { failRecord } from "../../routers/calls/records.ts";
import type { Queue } from "../types.ts";
import { exportRun, markRunFailed } from "./export_run.ts";
import { retentionJob } from "./retention.ts";
import { transcribeCall } from "./transcribe_call.ts";

/** The record's error code for a job that died with `error`. */
export function deadCode(error: string): string {
  return /^Bitrix24Error/.test(error) ? "download_failed" : "stt_failed";
}

/** Registers the call-texts jobs. */
export function registerCallJobs(queue: Queue): void {
  queue.register(CALL_JOBS.exportRun, exportRun, {
    payload: exportRunPayload,
    maxAttempts: 10,
    backoffBaseMs: 5_000,
    backoffMaxMs: 300_000,
    onDead: async (tx, job, error) => {
      await markRunFailed({ db: tx }, (job.payload as { runId: string }).runId, error);
    },
    onReplay: async (tx, job) => {
      await tx.updateTable("call_export_runs")
        .set({ status: "pending", error: null, finished_at: null, updated_at: sql`now()` })
        .where("id", "=", (job.payload as { runId: string }).runId).execute();
    },
  });
  queue.register(CALL_JOBS.transcribe, transcribeCall, {
    payload: transcribePayload,
    backoffBaseMs: 2_000,
    backoffMaxMs: 120_000,
    onDead: async (tx, job, error) => {
      const { recordId } = job.payload as { recordId: string };
      await failRecord(tx, recordId, deadCode(error), error);
    },
    onReplay: async (tx, job) => {
      const { recordId } = job.payload as { recordId: string };
      await tx.updateTable("call_records")
        .set({ status: "queued", error_code: null, error_message: null, updated_at: sql`now()` })
        .where("id", "=", recordId).where("status", "=", "error").execute();
    },
  });
  queue.register(CALL_JOBS.retention, retentionJob, { payload: retentionPayload, maxAttempts: 3 });
}
