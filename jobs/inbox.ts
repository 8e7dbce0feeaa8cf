/**
 * The inbox: every inbound webhook delivery is stored keyed by (source, the sender's delivery
 * id) together with its processing job, in one transaction. A replayed delivery finds the row
 * and has no second effect; processing retries with backoff, goes dead after the last try and
 * can be replayed by an admin.
 *
 * @module
 */
import type { InboxRow } from "../db/schema_jobs.ts";
import type { AppDeps } from "../platform/deps.ts";
import { linkedKind, type LinkedProcessor, type LinkedSpec } from "./linked.ts";

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
export type InboxHandlerFn = LinkedProcessor<Omit<InboxReceipt, "handlerType">>;

const INBOX: LinkedSpec<InboxRow, Omit<InboxReceipt, "handlerType">> = {
  table: "inbox",
  routeColumn: "handler_type",
  uniqueKey: ["source", "delivery_id"],
  countsRepeats: true,
  waiting: "received",
  active: "processing",
  success: "processed",
  doneColumn: "processed_at",
  message: (row) => ({ source: row.source, deliveryId: row.delivery_id, payload: row.payload }),
};

const inbox = linkedKind(INBOX);

/**
 * Registers the processor of a handler type on `queue` (call it in jobs/handlers.ts), with the
 * retry policy of its job type.
 *
 * @example
 * ```ts
 * registerInboxHandler(queue, "chatwoot.message", (d, ctx) => applyChatwootEvent(ctx.deps, d.payload));
 * ```
 */
export const registerInboxHandler = inbox.register;

/**
 * Stores a delivery and enqueues its processing in one transaction; a delivery id seen before
 * returns `{duplicate: true}` and only counts the repeat.
 */
export function receiveInbox(
  deps: Pick<AppDeps, "db" | "queue">,
  receipt: InboxReceipt,
): Promise<{ message: InboxRow; duplicate: boolean }> {
  return inbox.store(deps, {
    source: receipt.source,
    delivery_id: receipt.deliveryId,
    handler_type: receipt.handlerType,
    payload: receipt.payload,
  });
}

/** Admin: processes a dead delivery again with its tries reset; returns the row as it stands. */
export const replayInbox = inbox.replay;
