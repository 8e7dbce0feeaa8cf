/**
 * Every statement on the `jobs` table. Each state change is one short statement guarded by the
 * lease (`locked_by` + attempt), so a worker whose lease was taken over can never overwrite the
 * new owner's outcome, and no transaction is held while a handler runs (the embedded database
 * has a single connection). Times come from the database's clock, shared by every instance.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { JobRow, JobStatus } from "../db/schema_jobs.ts";
import { jsonb } from "../db/tx.ts";

/** Identifies one run of a job: only its owner may finish it. */
export interface Lease {
  id: string;
  workerId: string;
  attempt: number;
}

/** `now() + ms`, computed by the database. */
export function msFromNow(ms: number) {
  return sql<Date>`now() + ${
    Math.max(0, Math.round(ms))
  }::double precision * interval '1 millisecond'`;
}

/** The row's fields a new job needs. */
export interface NewJob {
  type: string;
  payload: unknown;
  dedupKey: string | null;
  maxAttempts: number;
  delayMs: number;
  createdBy: string | null;
}

/**
 * Inserts a job; with a dedup key already held by a live job, returns that job instead (the
 * partial unique index `jobs_dedup` decides, so concurrent callers agree).
 */
export async function insertJob(db: Db, job: NewJob): Promise<{ job: JobRow; created: boolean }> {
  const inserted = await db.insertInto("jobs").values({
    type: job.type,
    payload: jsonb(job.payload ?? null),
    dedup_key: job.dedupKey,
    max_attempts: job.maxAttempts,
    run_at: msFromNow(job.delayMs),
    created_by: job.createdBy,
  }).onConflict((oc) =>
    // The predicate is literal SQL: a bound parameter would not let Postgres match the partial
    // index once a prepared statement switches to a generic plan.
    oc.columns(["type", "dedup_key"])
      .where(sql<boolean>`dedup_key is not null and status <> 'dead'`).doNothing()
  ).returningAll().executeTakeFirst();
  if (inserted) return { job: inserted, created: true };
  const existing = await db.selectFrom("jobs").selectAll()
    .where("type", "=", job.type).where("dedup_key", "=", job.dedupKey)
    .where("status", "<>", "dead").executeTakeFirst();
  if (!existing) throw new Error(`dedup conflict on ${job.type}/${job.dedupKey} but no live job`);
  return { job: existing, created: false };
}

/** Options of {@link claimJobs}. */
export interface ClaimOptions {
  workerId: string;
  leaseMs: number;
  limit: number;
  /** Claim only this job (a KV wake-up names it). */
  id?: string;
}

/**
 * Takes up to `limit` due jobs (queued, or failed with their retry time come). `SKIP LOCKED`
 * lets many workers claim at once without waiting on each other; each claim counts as a try.
 */
export async function claimJobs(db: Db, o: ClaimOptions): Promise<JobRow[]> {
  if (o.limit <= 0) return [];
  const only = o.id ? sql`and id = ${o.id}` : sql``;
  const { rows } = await sql<JobRow>`
    update jobs set status = 'running', attempts = attempts + 1, locked_by = ${o.workerId},
      locked_until = ${msFromNow(o.leaseMs)}, started_at = now(), updated_at = now(),
      progress = 0, progress_message = null
    where id in (
      select id from jobs
      where status in ('queued', 'failed') and run_at <= now() ${only}
      order by run_at
      limit ${o.limit}
      for update skip locked)
    returning *`.execute(db);
  return rows;
}

/** Keeps this worker's running jobs leased. */
export async function extendLeases(
  db: Db,
  workerId: string,
  ids: string[],
  leaseMs: number,
): Promise<void> {
  if (!ids.length) return;
  await db.updateTable("jobs").set({ locked_until: msFromNow(leaseMs) })
    .where("id", "in", ids).where("locked_by", "=", workerId).where("status", "=", "running")
    .execute();
}

/** Marks the job done with its result; false when the lease was lost meanwhile. */
export async function completeJob(db: Db, lease: Lease, result: unknown): Promise<boolean> {
  const r = await db.updateTable("jobs").set({
    status: "done",
    result: result === undefined ? null : jsonb(result),
    progress: 100,
    locked_by: null,
    locked_until: null,
    finished_at: sql`now()`,
    updated_at: sql`now()`,
  }).where("id", "=", lease.id).where("locked_by", "=", lease.workerId)
    .where("attempts", "=", lease.attempt).where("status", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a failed try: `failed` with a retry time, or `dead` when `retryInMs` is null. */
export async function failJob(
  db: Db,
  lease: Lease,
  error: string,
  retryInMs: number | null,
): Promise<JobRow | undefined> {
  const dead = retryInMs === null;
  return await db.updateTable("jobs").set({
    status: dead ? "dead" : "failed",
    last_error: error,
    run_at: dead ? sql`run_at` : msFromNow(retryInMs),
    locked_by: null,
    locked_until: null,
    finished_at: dead ? sql`now()` : null,
    updated_at: sql`now()`,
  }).where("id", "=", lease.id).where("locked_by", "=", lease.workerId)
    .where("attempts", "=", lease.attempt).where("status", "=", "running")
    .returningAll().executeTakeFirst();
}

/**
 * Puts unfinished jobs of a stopping worker back in the queue at once; the interrupted try is
 * not counted, since the job did not fail.
 */
export async function releaseJobs(db: Db, workerId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  const r = await db.updateTable("jobs").set({
    status: "queued",
    attempts: sql`greatest(attempts - 1, 0)`,
    run_at: sql`now()`,
    locked_by: null,
    locked_until: null,
    updated_at: sql`now()`,
  }).where("id", "in", ids).where("locked_by", "=", workerId).where("status", "=", "running")
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Writes a progress report of a running job (ignored once the lease is gone). */
export async function writeProgress(
  db: Db,
  lease: Lease,
  percent: number,
  message: string | null,
): Promise<void> {
  await db.updateTable("jobs").set({
    progress: percent,
    progress_message: message,
    updated_at: sql`now()`,
  }).where("id", "=", lease.id).where("locked_by", "=", lease.workerId)
    .where("attempts", "=", lease.attempt).where("status", "=", "running").execute();
}

/** The error recorded for a try whose worker vanished. */
export const LOST_TRY = sql<string>`'worker lost during try ' || attempts || ' (lease expired)'`;

/** Whether any running job's lease expired, and whether one of them was on its last try. */
export async function findExpiredLeases(db: Db): Promise<{ any: boolean; lastTry: boolean }> {
  const rows = await db.selectFrom("jobs")
    .select(sql<boolean>`attempts >= max_attempts`.as("last_try"))
    .where("status", "=", "running").where("locked_until", "<", sql<Date>`now()`)
    .limit(100).execute();
  return { any: rows.length > 0, lastTry: rows.some((r) => r.last_try) };
}

/**
 * Jobs whose worker died (lease expired) with tries left become `failed`, due now, with the
 * lost try recorded as their error; the next claim is their next try.
 */
export async function retryExpiredLeases(db: Db): Promise<number> {
  const r = await db.updateTable("jobs").set({
    status: "failed",
    last_error: LOST_TRY,
    run_at: sql`now()`,
    locked_by: null,
    locked_until: null,
    updated_at: sql`now()`,
  }).where("status", "=", "running").where("locked_until", "<", sql<Date>`now()`)
    .where(sql<boolean>`attempts < max_attempts`).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Running jobs whose lease expired on their last try: no try is left, so they go dead. Locked
 * for the caller's transaction so two sweepers don't both handle one.
 */
export async function lockLostLastTries(tx: Db, limit = 50): Promise<JobRow[]> {
  return await tx.selectFrom("jobs").selectAll()
    .where("status", "=", "running").where("locked_until", "<", sql<Date>`now()`)
    .where(sql<boolean>`attempts >= max_attempts`)
    .limit(limit).forUpdate().skipLocked().execute();
}

/** Marks a job dead (a lost last try), inside the caller's transaction. */
export async function markDead(tx: Db, id: string, error: string): Promise<JobRow> {
  return await tx.updateTable("jobs").set({
    status: "dead",
    last_error: error,
    locked_by: null,
    locked_until: null,
    finished_at: sql`now()`,
    updated_at: sql`now()`,
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** Locks a job row for a replay decision. */
export async function lockJob(tx: Db, id: string): Promise<JobRow | undefined> {
  return await tx.selectFrom("jobs").selectAll().where("id", "=", id).forUpdate()
    .executeTakeFirst();
}

/** Back to `queued` with attempts reset and the error cleared (admin replay). */
export async function requeueJob(tx: Db, id: string): Promise<JobRow> {
  return await tx.updateTable("jobs").set({
    status: "queued",
    attempts: 0,
    run_at: sql`now()`,
    last_error: null,
    progress: 0,
    progress_message: null,
    result: null,
    finished_at: null,
    updated_at: sql`now()`,
  }).where("id", "=", id).returningAll().executeTakeFirstOrThrow();
}

/** Reads a job. */
export async function getJob(db: Db, id: string): Promise<JobRow | undefined> {
  return await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Number of jobs in each status. */
export async function countByStatus(db: Db): Promise<Record<JobStatus, number>> {
  const rows = await db.selectFrom("jobs").select([
    "status",
    (e) => e.fn.countAll<number>().as("n"),
  ])
    .groupBy("status").execute();
  const out: Record<JobStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, dead: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}
