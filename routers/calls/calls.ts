/**
 * Calls as people see them: a page of records (filtered by run, status, period), one call with
 * its transcript, and a per-call retry for a call that failed or was skipped. Phone numbers are
 * masked for roles that do not see them (see `roles.ts`).
 *
 * @module
 */
import { sql } from "kysely";
import type { CallRecordRow, CallRecordStatus } from "../../db/schema_calls.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { pageOffset } from "../../platform/paging.ts";
import { maskText } from "../../platform/pii.ts";
import { formatCost } from "./cost.ts";
import { CALL_JOBS } from "./job_types.ts";
import { registryStatus } from "./registry_csv.ts";
import { seesFullNumbers } from "./roles.ts";
import { rfc3339 } from "./time.ts";

/** A call in lists. */
export function callView(r: CallRecordRow, actor: Actor, timeZone: string) {
  const full = seesFullNumbers(actor.roles);
  return {
    id: r.id,
    run_id: r.run_id,
    call_id: r.call_id,
    record_id: r.record_id,
    datetime_start: rfc3339(new Date(r.call_started_at), timeZone),
    direction: r.direction,
    from: full ? r.from_number : maskText(r.from_number),
    to: full ? r.to_number : maskText(r.to_number),
    employee: r.employee_id,
    duration_sec: r.duration_sec,
    status: r.status,
    registry_status: registryStatus(r.status),
    reason: r.status === "skipped" ? r.skip_reason : r.error_code,
    error_message: r.error_message,
    attempts: r.attempts,
    language: r.language,
    text_preview: r.text_preview,
    transcript_path: r.transcript_path,
    cost: formatCost(r.cost_micros ?? 0),
    currency: r.currency_code,
  };
}

/** A call as listed. */
export type CallView = ReturnType<typeof callView>;

/** Filter of {@link listCalls}. */
export interface ListCallsInput {
  runId?: string;
  status?: CallRecordStatus;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** A page of calls, newest first. */
export async function listCalls(
  deps: Pick<AppDeps, "db" | "config">,
  actor: Actor,
  input: ListCallsInput,
): Promise<{ items: CallView[]; total: number; page: number; page_size: number }> {
  let q = deps.db.selectFrom("call_records");
  if (input.runId) q = q.where("run_id", "=", input.runId);
  if (input.status) q = q.where("status", "=", input.status);
  if (input.from) q = q.where("call_started_at", ">=", input.from);
  if (input.to) q = q.where("call_started_at", "<=", input.to);
  const counted = await q.select((e) => e.fn.countAll<number>().as("n")).executeTakeFirst();
  const rows = await q.selectAll().orderBy("call_started_at", "desc").orderBy("id")
    .limit(input.pageSize).offset(pageOffset(input.page, input.pageSize)).execute();
  return {
    items: rows.map((r) => callView(r, actor, deps.config.calls.timeZone)),
    total: Number(counted?.n ?? 0),
    page: input.page,
    page_size: input.pageSize,
  };
}

/**
 * One call with its transcript text and segments (null before it is transcribed).
 *
 * @throws {AppError} NOT_FOUND
 */
export async function getCall(deps: Pick<AppDeps, "db" | "config">, actor: Actor, id: string) {
  const r = await deps.db.selectFrom("call_records").selectAll().where("id", "=", id)
    .executeTakeFirst();
  if (!r) throw new AppError("NOT_FOUND", "Call not found", { title: "Call not found" });
  const t = await deps.db.selectFrom("call_transcripts").selectAll().where("record_id", "=", id)
    .executeTakeFirst();
  return {
    ...callView(r, actor, deps.config.calls.timeZone),
    transcript: t ? { text: t.text, language: t.language, segments: t.segments } : null,
  };
}

/**
 * Sends a failed or skipped call through the pipeline again (a UI button). The call's row is
 * locked and must be failed or skipped, so a call never gets a second live job.
 *
 * @throws {AppError} NOT_FOUND; CONFLICT when the call is done or already in the works
 */
export async function retryCall(
  deps: Pick<AppDeps, "db" | "config" | "queue">,
  actor: Actor,
  id: string,
): Promise<CallView> {
  return await withTx(deps.db, async (tx) => {
    const r = await tx.selectFrom("call_records").selectAll().where("id", "=", id).forUpdate()
      .executeTakeFirst();
    if (!r) throw new AppError("NOT_FOUND", "Call not found", { title: "Call not found" });
    if (r.status !== "error" && r.status !== "skipped") {
      throw new AppError("CONFLICT", `Only failed or skipped calls can be retried (${r.status})`);
    }
    const updated = await tx.updateTable("call_records").set({
      status: "queued",
      error_code: null,
      error_message: null,
      skip_reason: null,
      updated_at: sql`now()`,
    }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
    const { job } = await deps.queue.enqueue(CALL_JOBS.transcribe, { recordId: id }, {
      tx,
      createdBy: actor.userId,
    });
    await writeAudit(tx, actor, {
      entity: "call_record",
      entityId: id,
      action: "retry",
      before: { status: r.status, reason: r.error_code ?? r.skip_reason },
      after: { status: "queued" },
      meta: { job_id: job.id },
    });
    return callView(updated, actor, deps.config.calls.timeZone);
  });
}
