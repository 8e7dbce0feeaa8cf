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
import type { AppDeps } from "../platform/deps.ts";
import { linkedKind, type LinkedProcessor, type LinkedSpec } from "./linked.ts";

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
export type DeliverFn = LinkedProcessor<OutboxMessage>;

const OUTBOX: LinkedSpec<OutboxRow, OutboxMessage> = {
  table: "outbox",
  routeColumn: "target",
  uniqueKey: ["target", "key"],
  countsRepeats: false,
  waiting: "pending",
  active: "delivering",
  success: "sent",
  doneColumn: "sent_at",
  message: ({ target, kind, key, payload }) => ({ target, kind, key, payload }),
};

const outbox = linkedKind(OUTBOX);

/**
 * Registers the delivery of a target's messages on `queue` (call it in jobs/handlers.ts), with
 * the retry policy of its job type.
 *
 * @example
 * ```ts
 * registerOutboxTarget(queue, "1c", async (m) => ({ documentId: await post1c(m.payload, m.key) }));
 * ```
 */
export const registerOutboxTarget = outbox.register;

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
  const { target, kind, key, payload } = message;
  return outbox.store(deps, { target, kind, key, payload });
}

/** Admin: puts a dead message back in delivery with its tries reset; returns the row. */
export const replayOutbox = outbox.replay;
