/**
 * The inbox: every inbound webhook delivery is stored keyed by (source, the sender's delivery
 * id) together with its processing job, in one transaction. A replayed delivery finds the row
 * and has no second effect; processing retries with backoff, goes dead after the last try and
 * can be replayed by an admin.
 *
 * @module
 */
import { sql } from "kysely";
import type { InboxRow } from "../db/schema_jobs.ts";
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

const INBOX: LinkedSpec = {
  table: "inbox",
  jobType: (handlerType) => `inbox:${handlerType}`,
  waiting: "received",
  active: "processing",
  success: "processed",
  doneColumn: "processed_at",
};

/** A received delivery. */
export interface InboxReceipt {
  source: string;
  /** The sender's id of this delivery (a header such as X-Delivery-Id, or an event id). */
  deliveryId: string;
  payload: unknown;
  /** Which registered inbox handler processes it. */
  handlerType: string;
}

/** Applies one delivery (`attempt` is 1 on the first try); its return is the row's `result`. */
export type InboxHandlerFn = (
  delivery: Omit<InboxReceipt, "handlerType"> & { id: string; attempt: number },
  ctx: JobContext<LinkedPayload>,
) => Promise<unknown>;

/**
 * Registers the processor of `handlerType` on `queue` (call it in jobs/handlers.ts).
 *
 * @example
 * ```ts
 * registerInboxHandler(queue, "chatwoot.message", (d, ctx) => applyChatwootEvent(ctx.deps, d.payload));
 * ```
 */
export function registerInboxHandler(
  queue: Queue,
  handlerType: string,
  handle: InboxHandlerFn,
  options: LinkedOptions = {},
): void {
  registerLinked(queue, INBOX, handlerType, (row, ctx) => {
    const { source, delivery_id: deliveryId } = row as unknown as InboxRow;
    return handle({
      id: row.id,
      source,
      deliveryId,
      payload: row.payload,
      attempt: ctx.job.attempt,
    }, ctx);
  }, options);
}

/**
 * Stores a delivery and enqueues its processing in one transaction; a delivery id seen before
 * returns `{duplicate: true}` and only counts the repeat.
 */
export function receiveInbox(
  deps: Pick<AppDeps, "db" | "queue">,
  receipt: InboxReceipt,
): Promise<{ message: InboxRow; duplicate: boolean }> {
  return storeLinked(
    deps,
    INBOX,
    receipt.handlerType,
    (tx) =>
      tx.insertInto("inbox").values({
        source: receipt.source,
        delivery_id: receipt.deliveryId,
        handler_type: receipt.handlerType,
        payload: jsonb(receipt.payload ?? null),
      }).onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing()).returningAll()
        .executeTakeFirst(),
    (tx) =>
      tx.updateTable("inbox").set({ duplicates: sql`duplicates + 1` })
        .where("source", "=", receipt.source).where("delivery_id", "=", receipt.deliveryId)
        .returningAll().executeTakeFirstOrThrow(),
  );
}

/** Admin: processes a dead delivery again with its tries reset. */
export function replayInbox(
  deps: Pick<AppDeps, "db" | "queue">,
  actor: Actor,
  id: string,
): Promise<InboxRow> {
  return withTx(deps.db, async (tx) => {
    await replayLinked({ ...deps, db: tx }, actor, INBOX, id, "handler_type");
    return await tx.selectFrom("inbox").selectAll().where("id", "=", id)
      .executeTakeFirstOrThrow();
  });
}
