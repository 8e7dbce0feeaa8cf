/**
 * The 1C exchange over the outbox: an accepted return and a finished delivery are written as
 * outbox messages (target `1c`) in the transaction of the change itself, and a job posts each to
 * 1C with the document key as its idempotency key, then stores 1C's Ref_Key back on the return
 * or order. See `integrations/onec/README.md` for the wire format.
 *
 * Retry policy: 12 tries, 2 s doubling to at most 15 min (with jitter), i.e. roughly 25–50 min of
 * 1C outage are ridden out automatically; after that the message is dead and an admin replays
 * it. 4xx answers (bad document, bad credentials, key conflict) go dead at once.
 *
 * @module
 */
import type { Tx } from "../../db/database.ts";
import { type DeliverFn, registerOutboxTarget, writeOutbox } from "../../jobs/outbox.ts";
import { PermanentJobError } from "../../jobs/retry.ts";
import type { Queue } from "../../jobs/types.ts";
import { createOneCClient, OneCError } from "../../integrations/onec/client.ts";
import {
  deliveryDocument,
  type OneCDocument,
  returnDocument,
} from "../../integrations/onec/documents.ts";
import { storeDeliveryDocument } from "../ww/onec.ts";
import { storeReturnDocument } from "./onec.ts";

/** The outbox target of 1C. */
export const ONEC_TARGET = "1c";

/** How 1C deliveries retry (see the module comment). */
export const ONEC_RETRY = { maxAttempts: 12, backoffBaseMs: 2_000, backoffMaxMs: 15 * 60_000 };

/** Writes a document for 1C in `tx` (the transaction of the change it reports). */
export async function queueOneCDocument(
  deps: { db: Tx; queue: Queue },
  doc: OneCDocument,
): Promise<void> {
  await writeOutbox(deps, { target: ONEC_TARGET, kind: doc.kind, key: doc.key, payload: doc });
}

/** Posts one outbox message to 1C and stores the document reference back. */
export const deliverToOneC: DeliverFn = async (message, ctx) => {
  const { config, db } = ctx.deps;
  const schema = message.kind === "return" ? returnDocument : deliveryDocument;
  const parsed = schema.safeParse(message.payload);
  if (!parsed.success) {
    throw new PermanentJobError(`outbox ${message.id} holds no valid ${message.kind} document`);
  }
  if (!config.onec.baseUrl) {
    throw new PermanentJobError("ONEC_BASE_URL is not set; replay the message once it is");
  }
  const onec = createOneCClient({
    baseUrl: config.onec.baseUrl,
    user: config.onec.user ?? "",
    password: config.onec.password ?? "",
    timeoutMs: config.requestTimeoutMs,
  });
  try {
    const doc = parsed.data;
    const posted = await onec.postDocument(doc);
    if (doc.kind === "return") await storeReturnDocument(db, doc.return_id, posted);
    else await storeDeliveryDocument(db, doc.order_id, posted);
    return { ref_key: posted.Ref_Key, number: posted.Number, created: posted.created };
  } catch (err) {
    if (err instanceof OneCError && !err.retryable) {
      throw new PermanentJobError(err.message, { cause: err });
    }
    throw err;
  }
};

/** Registers the 1C target on `queue` (called from jobs/handlers.ts). */
export function registerOneCExchange(queue: Queue): void {
  registerOutboxTarget(queue, ONEC_TARGET, deliverToOneC, ONEC_RETRY);
}
