/**
 * What the outbox and the inbox share: a message row whose processing is a job. The row mirrors
 * its job (waiting → active → success, or dead after the last try), is idempotent by its own id
 * (a re-run after a crash finds it finished and does nothing twice), and a replay resets both.
 * A kind of message (outbox, inbox) is only a {@link LinkedSpec}: its table, statuses, unique
 * key and what its processor receives of a row.
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
import { getJob } from "./store.ts";
import type { HandlerOptions, JobContext, JobHandler, Queue } from "./types.ts";

/** The columns every linked message row has, as the shared machinery reads them. */
export interface LinkedRow {
  id: string;
  job_id: string | null;
  payload: unknown;
  status: string;
  attempts: number;
  last_error: string | null;
  result: unknown;
}

/** One kind of linked message; its job type is `<table>:<routing value>`. */
export interface LinkedSpec<Row extends LinkedRow, Message> {
  table: "outbox" | "inbox";
  /** The column whose value picks the processor (the target, the handler type). */
  routeColumn: keyof Row & string;
  /** The unique business key: storing the same key again is the same message, no second job. */
  uniqueKey: readonly (keyof Row & string)[];
  /** Whether storing a key again counts the repeat in the row's `duplicates` (or only reads it). */
  countsRepeats: boolean;
  waiting: string;
  active: string;
  success: string;
  /** Timestamp column set on success. */
  doneColumn: "sent_at" | "processed_at";
  /** What the processor receives of a row, besides its id and the try number. */
  message: (row: Row) => Message;
}

/** The job payload of a linked message. */
export interface LinkedPayload {
  messageId: string;
}

/**
 * Processes one message (`attempt` is 1 on the first try); its return is stored as the row's
 * `result`. Throw to retry; throw `PermanentJobError` to give up.
 */
export type LinkedProcessor<Message> = (
  message: Message & { id: string; attempt: number },
  ctx: JobContext<LinkedPayload>,
) => Promise<unknown>;

/** Settings of a target or handler: the retry policy of its job type. */
export type LinkedOptions = Pick<HandlerOptions, "maxAttempts" | "backoffBaseMs" | "backoffMaxMs">;

// deno-lint-ignore no-explicit-any
type AnySpec = LinkedSpec<any, unknown>;

const jobTypeOf = (spec: AnySpec, name: string) => `${spec.table}:${name}`;

async function setRow(db: Db, spec: AnySpec, id: string, changes: Record<string, unknown>) {
  const sets = Object.entries(changes).map(([k, v]) => sql`${sql.ref(k)} = ${v}`);
  await sql`update ${sql.table(spec.table)} set ${sql.join(sets)}, updated_at = now()
    where id = ${id}`.execute(db);
}

async function readRow<Row>(db: Db, spec: AnySpec, id: string, forUpdate = false) {
  const lock = forUpdate ? sql` for update` : sql``;
  const { rows } = await sql<Row>`select * from ${sql.table(spec.table)}
    where id = ${id}${lock}`.execute(db);
  return rows[0];
}

/**
 * Registers the job type of messages routed to `name`: it processes the row with `process` and
 * keeps the row's status in step with the job.
 */
function registerLinked<Row extends LinkedRow, Message>(
  queue: Queue,
  spec: LinkedSpec<Row, Message>,
  name: string,
  process: LinkedProcessor<Message>,
  options: LinkedOptions = {},
): void {
  const handler: JobHandler<LinkedPayload> = async (ctx) => {
    const { db } = ctx.deps;
    const id = ctx.job.payload.messageId;
    const row = await readRow<Row>(db, spec, id);
    if (!row) throw new PermanentJobError(`${spec.table} message ${id} not found`);
    if (row.status === spec.success) return row.result; // finished before a crash: not twice
    await setRow(db, spec, id, { status: spec.active, attempts: ctx.job.attempt });
    let result: unknown;
    try {
      result = await process({ ...spec.message(row), id: row.id, attempt: ctx.job.attempt }, ctx);
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
  queue.register(jobTypeOf(spec, name), handler, {
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
 * its unique key is taken, the stored row is returned instead (its repeat counted when the
 * kind counts repeats) and no second job is made.
 */
function storeLinked<Row extends LinkedRow>(
  deps: Pick<AppDeps, "db" | "queue">,
  spec: LinkedSpec<Row, unknown>,
  columns: { [K in keyof Row]?: unknown },
): Promise<{ message: Row; duplicate: boolean }> {
  const name = columns[spec.routeColumn] as string;
  if (!deps.queue.has(jobTypeOf(spec, name))) {
    throw new Error(`no ${spec.table} processor for "${name}" is registered`);
  }
  const values = { ...columns, payload: jsonb(columns.payload ?? null) };
  const table = sql.table(spec.table);
  const key = spec.uniqueKey.map((c) => sql.ref(c));
  const sameKey = sql.join(
    spec.uniqueKey.map((c) => sql`${sql.ref(c)} = ${columns[c]}`),
    sql` and `,
  );
  return withTx(deps.db, async (tx) => {
    const inserted = await sql<Row>`insert into ${table}
      (${sql.join(Object.keys(values).map((c) => sql.ref(c)))})
      values (${sql.join(Object.values(values))})
      on conflict (${sql.join(key)}) do nothing returning *`.execute(tx);
    const row = inserted.rows[0];
    if (row) {
      const job = await enqueueLinked(deps, tx, spec, name, row.id);
      return { message: { ...row, job_id: job.id }, duplicate: false };
    }
    const stored = spec.countsRepeats
      ? await sql<Row>`update ${table} set duplicates = duplicates + 1 where ${sameKey}
        returning *`.execute(tx)
      : await sql<Row>`select * from ${table} where ${sameKey}`.execute(tx);
    if (!stored.rows[0]) throw new Error(`${spec.table} message with a taken key not found`);
    return { message: stored.rows[0], duplicate: true };
  });
}

/** Enqueues the job of a just-inserted message and links it to the row (caller's transaction). */
async function enqueueLinked(
  deps: Pick<AppDeps, "queue">,
  tx: Db,
  spec: AnySpec,
  name: string,
  messageId: string,
): Promise<JobRow> {
  const { job } = await deps.queue.enqueue<LinkedPayload>(jobTypeOf(spec, name), { messageId }, {
    tx,
    dedupKey: messageId,
  });
  await setRow(tx, spec, messageId, { job_id: job.id });
  return job;
}

/**
 * Admin replay of a dead message: its job is replayed (the job's replay hook resets the row), or
 * a new job is enqueued when the old one was deleted. Returns the message as it now stands.
 */
function replayLinked<Row extends LinkedRow>(
  deps: Pick<AppDeps, "db" | "queue">,
  actor: Actor,
  spec: LinkedSpec<Row, unknown>,
  id: string,
): Promise<Row> {
  return withTx(deps.db, async (tx) => {
    const row = await readRow<Row>(tx, spec, id, true);
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
    const job = row.job_id ? await getJob(tx, row.job_id) : undefined;
    if (job && job.status === "dead") {
      await deps.queue.replay(job.id, actor, { tx });
    } else {
      await setRow(tx, spec, id, { status: spec.waiting, attempts: 0, last_error: null });
      // A job still there is already queued again (replayed through jobs); a deleted one is not.
      if (!job) await enqueueLinked(deps, tx, spec, row[spec.routeColumn] as string, id);
    }
    return (await readRow<Row>(tx, spec, id))!;
  });
}

/**
 * The operations of one kind of linked message, bound to its spec, so the outbox and the inbox
 * each export them under their own names without restating a signature.
 *
 * @example
 * ```ts
 * const outbox = linkedKind(OUTBOX);
 * export const replayOutbox = outbox.replay;
 * ```
 */
export function linkedKind<Row extends LinkedRow, Message>(spec: LinkedSpec<Row, Message>) {
  return {
    register: (
      queue: Queue,
      name: string,
      process: LinkedProcessor<Message>,
      options: LinkedOptions = {},
    ): void => registerLinked(queue, spec, name, process, options),
    store: (deps: Pick<AppDeps, "db" | "queue">, columns: { [K in keyof Row]?: unknown }) =>
      storeLinked(deps, spec, columns),
    replay: (deps: Pick<AppDeps, "db" | "queue">, actor: Actor, id: string): Promise<Row> =>
      replayLinked(deps, actor, spec, id),
  };
}
