/**
 * Statements on `call_records`. A record is one recording of one call, unique on
 * (call_id, record_id) across every run, so a call listed again by a later run is the same
 * row: a finished transcription is never redone, a failed or skipped one is looked at again.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { Updateable } from "kysely";
import type { CallRecordRow, CallRecordsTable, CallRecordStatus } from "../../db/schema_calls.ts";
import type { ListedCall } from "./call_row.ts";

/** Statuses in which a live job owns the record. */
export const IN_FLIGHT: CallRecordStatus[] = [
  "queued",
  "downloaded",
  "transcribing",
  "transcribed",
];
/** Statuses that end a record's processing. */
export const FINAL: CallRecordStatus[] = ["completed", "skipped", "error"];

/** How many records of `counts` are in one of `statuses`. */
export function countOf(
  counts: Record<CallRecordStatus, number>,
  statuses: readonly CallRecordStatus[],
): number {
  return statuses.reduce((n, s) => n + counts[s], 0);
}

/**
 * Stores the calls a run listed. A call seen before keeps its progress; if an earlier run had
 * skipped it or failed on it, it goes back to `pending` for this run to try again.
 */
export async function upsertListed(db: Db, runId: string, calls: ListedCall[]): Promise<void> {
  if (!calls.length) return;
  await db.insertInto("call_records").values(calls.map((c) => ({
    run_id: runId,
    call_id: c.callId,
    record_id: c.recordId,
    record_file_id: c.recordFileId,
    recording_url: c.recordingUrl,
    direction: c.direction,
    from_number: c.from,
    to_number: c.to,
    employee_id: c.employeeId,
    call_started_at: c.startedAt,
    duration_sec: c.durationSec,
  }))).onConflict((oc) =>
    oc.columns(["call_id", "record_id"]).doUpdateSet({
      run_id: sql`excluded.run_id`,
      recording_url: sql`coalesce(call_records.recording_url, excluded.recording_url)`,
      record_file_id: sql`coalesce(excluded.record_file_id, call_records.record_file_id)`,
      status: sql`case when call_records.run_id <> excluded.run_id
        and call_records.status in ('skipped', 'error') then 'pending' else call_records.status end`,
      skip_reason: sql`case when call_records.run_id <> excluded.run_id
        and call_records.status in ('skipped', 'error') then null else call_records.skip_reason end`,
      error_code: sql`case when call_records.run_id <> excluded.run_id
        and call_records.status in ('skipped', 'error') then null else call_records.error_code end`,
      updated_at: sql`now()`,
    })
  ).execute();
}

/** Takes up to `limit` pending records of a run (oldest call first) and marks them queued. */
export async function claimPending(db: Db, runId: string, limit: number): Promise<CallRecordRow[]> {
  if (limit <= 0) return [];
  const { rows } = await sql<CallRecordRow>`
    update call_records set status = 'queued', updated_at = now()
    where id in (
      select id from call_records where run_id = ${runId} and status = 'pending'
      order by call_started_at, id limit ${limit} for update skip locked)
    returning *`.execute(db);
  return rows;
}

/** Marks a run's pending records skipped, all of them or those longer than `maxSec`. */
export async function skipPending(
  db: Db,
  runId: string,
  reason: string,
  maxSec?: number,
): Promise<number> {
  let q = db.updateTable("call_records")
    .set({ status: "skipped", skip_reason: reason, updated_at: sql`now()` })
    .where("run_id", "=", runId).where("status", "=", "pending");
  if (maxSec !== undefined) q = q.where("duration_sec", ">", maxSec);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Records of a run by status. */
export async function countByStatus(
  db: Db,
  runId: string,
): Promise<Record<CallRecordStatus, number>> {
  return (await countsByRun(db, [runId])).get(runId)!;
}

/** {@link countByStatus} of several runs in one query. */
export async function countsByRun(
  db: Db,
  runIds: string[],
): Promise<Map<string, Record<CallRecordStatus, number>>> {
  const out = new Map(runIds.map((id) => [id, {
    pending: 0,
    queued: 0,
    downloaded: 0,
    transcribing: 0,
    transcribed: 0,
    completed: 0,
    skipped: 0,
    error: 0,
  } as Record<CallRecordStatus, number>]));
  if (!runIds.length) return out;
  const rows = await db.selectFrom("call_records")
    .select(["run_id", "status", (e) => e.fn.countAll<number>().as("n")])
    .where("run_id", "in", runIds).groupBy(["run_id", "status"]).execute();
  for (const r of rows) out.get(r.run_id)![r.status] = Number(r.n);
  return out;
}

/** Reads a record. */
export async function getRecord(db: Db, id: string): Promise<CallRecordRow | undefined> {
  return await db.selectFrom("call_records").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Fields a processing step may change. */
export type RecordPatch = Omit<Updateable<CallRecordsTable>, "id" | "call_id" | "record_id">;

/** Updates a record (and its `updated_at`). */
export async function patchRecord(db: Db, id: string, patch: RecordPatch): Promise<void> {
  await db.updateTable("call_records").set({ ...patch, updated_at: sql`now()` })
    .where("id", "=", id).execute();
}

/** Ends a record with an error code (not over a completed one). */
export async function failRecord(
  db: Db,
  id: string,
  code: string,
  message: string,
): Promise<void> {
  await db.updateTable("call_records")
    .set({
      status: "error",
      error_code: code,
      error_message: message.slice(0, 1000),
      updated_at: sql`now()`,
    })
    .where("id", "=", id).where("status", "<>", "completed").execute();
}

/** Ends a record as skipped with a reason. */
export async function skipRecord(db: Db, id: string, reason: string): Promise<void> {
  await db.updateTable("call_records")
    .set({ status: "skipped", skip_reason: reason, updated_at: sql`now()` })
    .where("id", "=", id).where("status", "<>", "completed").execute();
}
