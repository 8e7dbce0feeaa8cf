/**
 * The outbox: anything sent to an external system is written as an `outbox` row in the same
 * transaction as the business change, then delivered by a job of type `outbox:<target>` with
 * the job machinery's retries and backoff; after the last try the row is dead until an admin
 * replays it. A second write for the same (target, key) is the same message, never a second
 * delivery.
 *
 * @module
 */
import type { OutboxRow } from "../db/schema_jobs.ts";
import { jsonb, withTx } from "../db/tx.ts";
import type { Actor } from "../platform/actor.ts";
import type { AppDeps } from "../platform/deps.ts";
import {
  type LinkedOptions,
  type LinkedPayload,
  type LinkedSpec,
  registerLinked,
  replayLinked,
  storeLinked,
} from "./linked.ts";
import type { JobContext, Queue } from "./types.ts";

const OUTBOX: LinkedSpec = {
  table: "outbox",
  jobType: (target) => `outbox:${target}`,
  waiting: "pending",
  active: "delivering",
  success: "sent",
  doneColumn: "sent_at",
};

/** A message to write. */
export interface OutboxMessage {
  /** The system it goes to, e.g. `1c`, `chatwoot`; must have a registered target. */
  target: string;
  /** What it is, e.g. `return.created`. */
  kind: string;
  /** The business key, unique per target (e.g. the return's id): the idempotency key. */
  key: string;
  payload: unknown;
}

/** What a target's deliver function receives: the message and which try this is (1 first). */
export type OutboxDelivery = OutboxMessage & { id: string; attempt: number };

/**
 * Sends one message to the target system and returns what it answered (stored as the row's
 * `result`, e.g. the 1C document id). Throw to retry; throw `PermanentJobError` to give up.
 * Send `key` as the target's idempotency key when it has one: a crash after the send and
 * before the row is marked sent delivers again.
 */
export type DeliverFn = (
  message: OutboxDelivery,
  ctx: JobContext<LinkedPayload>,
) => Promise<unknown>;

/**
 * Registers the delivery of `target`'s messages on `queue` (call it in jobs/handlers.ts).
 *
 * @example
 * ```ts
 * registerOutboxTarget(queue, "1c", async (m) => ({ documentId: await post1c(m.payload, m.key) }));
 * ```
 */
export function registerOutboxTarget(
  queue: Queue,
  target: string,
  deliver: DeliverFn,
  options: LinkedOptions = {},
): void {
  registerLinked(queue, OUTBOX, target, (row, ctx) => {
    const { kind, key } = row as unknown as OutboxRow;
    return deliver({
      id: row.id,
      target,
      kind,
      key,
      payload: row.payload,
      attempt: ctx.job.attempt,
    }, ctx);
  }, options);
}

/**
 * Writes a message and its delivery job with `deps.db` — pass the business change's transaction
 * so both commit together (without one, the two rows get their own transaction). `duplicate`
 * is true when (target, key) was written before: nothing new will be sent.
 *
 * @example
 * ```ts
 * await withTx(deps.db, async (tx) => {
 *   const ret = await insertReturn(tx, input);
 *   await writeOutbox({ ...deps, db: tx }, { target: "1c", kind: "return.created", key: ret.id, payload: ret });
 * });
 * ```
 */
export function writeOutbox(
  deps: Pick<AppDeps, "db" | "queue">,
  message: OutboxMessage,
): Promise<{ message: OutboxRow; duplicate: boolean }> {
  return storeLinked(
    deps,
    OUTBOX,
    message.target,
    (tx) =>
      tx.insertInto("outbox").values({
        target: message.target,
        kind: message.kind,
        key: message.key,
        payload: jsonb(message.payload ?? null),
      }).onConflict((oc) => oc.columns(["target", "key"]).doNothing()).returningAll()
        .executeTakeFirst(),
    (tx) =>
      tx.selectFrom("outbox").selectAll().where("target", "=", message.target)
        .where("key", "=", message.key).executeTakeFirstOrThrow(),
  );
}

/** Admin: puts a dead message back in delivery with its tries reset. */
export function replayOutbox(
  deps: Pick<AppDeps, "db" | "queue">,
  actor: Actor,
  id: string,
): Promise<OutboxRow> {
  return withTx(deps.db, async (tx) => {
    await replayLinked({ ...deps, db: tx }, actor, OUTBOX, id, "target");
    return await tx.selectFrom("outbox").selectAll().where("id", "=", id)
      .executeTakeFirstOrThrow();
  });
}
