/**
 * What the outbox and the inbox share: a message row whose processing is a job. The row mirrors
 * its job (waiting → active → success, or dead after the last try), is idempotent by its own id
 * (a re-run after a crash finds it finished and does nothing twice), and a replay resets both.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../db/database.ts";
import type { JobRow } from "../db/schema_jobs.ts";
import { jsonb, withTx } from "../db/tx.ts";
import type { Actor } from "../platform/actor.ts";
import { writeAudit } from "../platform/audit.ts";
import type { AppDeps } from "../platform/deps.ts";
import { AppError } from "../platform/errors.ts";
import { errorText, PermanentJobError } from "./retry.ts";
import type { HandlerOptions, JobContext, JobHandler, Queue } from "./types.ts";

/** The table and status names of one kind of linked message. */
export interface LinkedSpec {
  table: "outbox" | "inbox";
  /** Job type of a message with routing value `name` (target or handler type). */
  jobType: (name: string) => string;
  waiting: string;
  active: string;
  success: string;
  /** Timestamp column set on success. */
  doneColumn: "sent_at" | "processed_at";
}

/** The job payload of a linked message. */
export interface LinkedPayload {
  messageId: string;
}

/** A linked message as its processor receives it. */
export interface LinkedMessage {
  id: string;
  payload: unknown;
  status: string;
  result: unknown;
  [column: string]: unknown;
}

/** Settings of a target or handler: the retry policy of its job type. */
export type LinkedOptions = Pick<HandlerOptions, "maxAttempts" | "backoffBaseMs" | "backoffMaxMs">;

async function setRow(db: Db, spec: LinkedSpec, id: string, changes: Record<string, unknown>) {
  const sets = Object.entries(changes).map(([k, v]) => sql`${sql.ref(k)} = ${v}`);
  await sql`update ${sql.table(spec.table)} set ${sql.join(sets)}, updated_at = now()
    where id = ${id}`.execute(db);
}

/**
 * Registers the job type of messages routed to `name`: it processes the row with `process` and
 * keeps the row's status in step with the job.
 */
export function registerLinked(
  queue: Queue,
  spec: LinkedSpec,
  name: string,
  process: (message: LinkedMessage, ctx: JobContext<LinkedPayload>) => Promise<unknown>,
  options: LinkedOptions = {},
): void {
  const handler: JobHandler<LinkedPayload> = async (ctx) => {
    const { db } = ctx.deps;
    const id = ctx.job.payload.messageId;
    const { rows } = await sql<LinkedMessage>`select * from ${sql.table(spec.table)}
      where id = ${id}`.execute(db);
    const row = rows[0];
    if (!row) throw new PermanentJobError(`${spec.table} message ${id} not found`);
    if (row.status === spec.success) return row.result; // finished before a crash: not twice
    await setRow(db, spec, id, { status: spec.active, attempts: ctx.job.attempt });
    let result: unknown;
    try {
      result = await process(row, ctx);
    } catch (err) {
      await setRow(db, spec, id, { status: spec.waiting, last_error: errorText(err) });
      throw err;
    }
    await setRow(db, spec, id, {
      status: spec.success,
      result: jsonb(result ?? null),
      last_error: null,
      [spec.doneColumn]: sql`now()`,
    });
    return result ?? null;
  };
  queue.register(spec.jobType(name), handler, {
    ...options,
    onDead: (tx, job, error) =>
      setRow(tx, spec, (job.payload as LinkedPayload).messageId, {
        status: "dead",
        last_error: error,
      }),
    onReplay: (tx, job) =>
      setRow(tx, spec, (job.payload as LinkedPayload).messageId, {
        status: spec.waiting,
        attempts: 0,
        last_error: null,
      }),
  });
}

/**
 * Stores a message and its job in one transaction (the caller's when `deps.db` is one). When
 * `insert` finds the message's unique key taken it returns nothing, and `existing` reads (or
 * touches) the stored row instead: no second job.
 */
export function storeLinked<Row extends { id: string; job_id: string | null }>(
  deps: Pick<AppDeps, "db" | "queue">,
  spec: LinkedSpec,
  name: string,
  insert: (tx: Db) => Promise<Row | undefined>,
  existing: (tx: Db) => Promise<Row>,
): Promise<{ message: Row; duplicate: boolean }> {
  if (!deps.queue.has(spec.jobType(name))) {
    throw new Error(`no ${spec.table} processor for "${name}" is registered`);
  }
  return withTx(deps.db, async (tx) => {
    const row = await insert(tx);
    if (!row) return { message: await existing(tx), duplicate: true };
    const job = await enqueueLinked(deps, tx, spec, name, row.id);
    return { message: { ...row, job_id: job.id }, duplicate: false };
  });
}

/** Enqueues the job of a just-inserted message and links it to the row (caller's transaction). */
async function enqueueLinked(
  deps: Pick<AppDeps, "queue">,
  tx: Db,
  spec: LinkedSpec,
  name: string,
  messageId: string,
): Promise<JobRow> {
  const { job } = await deps.queue.enqueue<LinkedPayload>(spec.jobType(name), { messageId }, {
    tx,
    dedupKey: messageId,
  });
  await setRow(tx, spec, messageId, { job_id: job.id });
  return job;
}

/**
 * Admin replay of a dead message: its job is replayed (the job's replay hook resets the row), or
 * a new job is enqueued when the old one was deleted. Returns the message's new job.
 */
export async function replayLinked(
  deps: Pick<AppDeps, "db" | "queue">,
  actor: Actor,
  spec: LinkedSpec,
  id: string,
  routeColumn: "target" | "handler_type",
): Promise<JobRow> {
  return await withTx(deps.db, async (tx) => {
    const { rows } = await sql<LinkedMessage>`select * from ${sql.table(spec.table)}
      where id = ${id} for update`.execute(tx);
    const row = rows[0];
    if (!row) throw new AppError("NOT_FOUND", `${spec.table} message not found`);
    if (row.status !== "dead") {
      throw new AppError("CONFLICT", `Only dead messages can be replayed (${row.status})`);
    }
    await writeAudit(tx, actor, {
      entity: spec.table,
      entityId: id,
      action: "replay",
      before: { status: row.status, attempts: row.attempts, last_error: row.last_error },
      after: { status: spec.waiting, attempts: 0 },
    });
    const jobId = row.job_id as string | null;
    const job = jobId
      ? await tx.selectFrom("jobs").selectAll().where("id", "=", jobId).executeTakeFirst()
      : undefined;
    if (job && job.status === "dead") return await deps.queue.replay(job.id, actor, { tx });
    await setRow(tx, spec, id, { status: spec.waiting, attempts: 0, last_error: null });
    if (job) return job; // its job is already queued again (replayed through jobs)
    return await enqueueLinked(deps, tx, spec, row[routeColumn] as string, id);
  });
}
