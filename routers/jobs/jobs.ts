/**
 * Reading and replaying jobs for people: a user sees the jobs they started (an export, a
 * transcription), an admin sees all. Another user's job reads as not found (seed 002).
 *
 * @module
 */
import type { Db } from "../../db/database.ts";
import type { JobRow } from "../../db/schema_jobs.ts";
import { type Actor, hasRole } from "../../platform/actor.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import type { Page } from "../../platform/paging.ts";
import { readPage } from "./paging.ts";
import type { ListJobsInput } from "./schemas.ts";

/** A job as the API shows it; `payload` only to admins. */
export interface JobView {
  id: string;
  type: string;
  status: JobRow["status"];
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  progress: number;
  progress_message: string | null;
  result: unknown;
  dedup_key: string | null;
  created_by: string | null;
  run_at: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  payload?: unknown;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Turns a row into a {@link JobView}. */
export function jobView(row: JobRow, withPayload = false): JobView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    max_attempts: row.max_attempts,
    last_error: row.last_error,
    progress: row.progress,
    progress_message: row.progress_message,
    result: row.result,
    dedup_key: row.dedup_key,
    created_by: row.created_by,
    run_at: row.run_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    ...(withPayload ? { payload: row.payload } : {}),
  };
}

const isAdmin = (actor: Actor) => hasRole(actor, "ADMIN");

/** Lists jobs: own ones, or all of them for an admin asking for `scope: "all"`. */
export async function listJobs(
  deps: Pick<AppDeps, "db">,
  actor: Actor,
  input: ListJobsInput,
): Promise<Page<JobView>> {
  const admin = isAdmin(actor);
  let q = deps.db.selectFrom("jobs");
  if (!(admin && input.scope === "all")) q = q.where("created_by", "=", actor.userId);
  const { type, status } = input;
  return await readPage(
    q,
    { type, status },
    "created_at",
    input,
    (row: JobRow) => jobView(row, admin),
  );
}

async function visibleJob(db: Db, actor: Actor, id: string): Promise<JobRow> {
  const row = await db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row || (!isAdmin(actor) && row.created_by !== actor.userId)) {
    throw new AppError("NOT_FOUND", "Job not found");
  }
  return row;
}

/** One job with live progress; someone else's job is not found unless the caller is admin. */
export async function getJobFor(
  deps: Pick<AppDeps, "db">,
  actor: Actor,
  id: string,
): Promise<JobView> {
  return jobView(await visibleJob(deps.db, actor, id), isAdmin(actor));
}

/** Runs a dead or failed job again; its owner or an admin may. */
export async function replayJobFor(
  deps: Pick<AppDeps, "db" | "queue">,
  actor: Actor,
  id: string,
): Promise<JobView> {
  await visibleJob(deps.db, actor, id);
  return jobView(await deps.queue.replay(id, actor, { tx: deps.db }), isAdmin(actor));
}
