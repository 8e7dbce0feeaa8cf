/**
 * The STT dead-letter list: `calls.transcribe` jobs that used up their tries (or met a failure
 * retrying cannot fix). An administrator requeues one — the seed's
 * `POST /api/v1/admin/stt/dlq/{entry_id}/requeue` — which puts the job back with its tries
 * reset, sets the call back to `queued` (the handler's replay hook), and leaves an audit entry
 * `stt_dlq_requeue` naming who did it.
 *
 * @module
 */
import { sql } from "kysely";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { CALL_JOBS } from "./job_types.ts";

/** One dead-lettered transcription. */
export interface DeadLetter {
  entry_id: string;
  record_id: string;
  call_id: string | null;
  reason: string | null;
  failed_at: string | null;
  attempts: number;
  /** The HTTP status of the last failure, when it names one. */
  status_code: number | null;
}

function statusCode(error: string | null): number | null {
  const m = error?.match(/\b(?:http_|status |HTTP )?([45]\d\d)\b/);
  return m ? Number(m[1]) : null;
}

/** Dead transcription jobs, newest first. */
export async function listDeadLetters(
  deps: Pick<AppDeps, "db">,
  input: { limit: number },
): Promise<DeadLetter[]> {
  const rows = await deps.db.selectFrom("jobs as j")
    .leftJoin(
      "call_records as r",
      (join) => join.on(sql<boolean>`r.id = (j.payload->>'recordId')::uuid`),
    )
    .select(["j.id", "j.payload", "j.last_error", "j.finished_at", "j.attempts", "r.call_id"])
    .where("j.type", "=", CALL_JOBS.transcribe).where("j.status", "=", "dead")
    .orderBy("j.finished_at", "desc").limit(input.limit).execute();
  return rows.map((j) => ({
    entry_id: j.id,
    record_id: (j.payload as { recordId: string }).recordId,
    call_id: j.call_id,
    reason: j.last_error,
    failed_at: j.finished_at ? new Date(j.finished_at).toISOString() : null,
    attempts: j.attempts,
    status_code: statusCode(j.last_error),
  }));
}

/**
 * Requeues a dead transcription (administrators only; the caller checks the role).
 *
 * @throws {AppError} NOT_FOUND "DLQ entry not found" for an unknown id or a job that is not dead
 */
export async function requeueDeadLetter(
  deps: Pick<AppDeps, "db" | "queue">,
  actor: Actor,
  entryId: string,
) {
  return await withTx(deps.db, async (tx) => {
    const job = await tx.selectFrom("jobs").selectAll().where("id", "=", entryId)
      .where("type", "=", CALL_JOBS.transcribe).where("status", "=", "dead").executeTakeFirst();
    if (!job) {
      throw new AppError("NOT_FOUND", `DLQ entry ${entryId} not found`, {
        title: "DLQ entry not found",
      });
    }
    await deps.queue.replay(job.id, actor, { tx });
    const { recordId } = job.payload as { recordId: string };
    await writeAudit(tx, actor, {
      entity: "call_record",
      entityId: recordId,
      action: "stt_dlq_requeue",
      before: { job_status: "dead", last_error: job.last_error },
      after: { job_status: "queued" },
      meta: { event: "stt_dlq_requeue", job_id: job.id, by: actor.userId },
    });
    return {
      status: "requeued" as const,
      entry_id: job.id,
      job: { type: job.type, record_id: recordId },
      reason: job.last_error,
      failed_at: job.finished_at ? new Date(job.finished_at).toISOString() : null,
      status_code: statusCode(job.last_error),
    };
  });
}
