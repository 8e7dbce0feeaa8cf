/**
 * Admin views of the outbox and the inbox: filtered, paged lists with each message's status,
 * tries, last error and result.
 *
 * @module
 */
import type { InboxRow, OutboxRow } from "../../db/schema_jobs.ts";
import type { AppDeps } from "../../platform/deps.ts";
import type { Page } from "../../platform/paging.ts";
import { readPage } from "../jobs/paging.ts";
import type { ListInboxInput, ListOutboxInput } from "./schemas.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** An outbox message as the admin API shows it. */
export type OutboxView = Omit<OutboxRow, "created_at" | "updated_at" | "sent_at"> & {
  created_at: string;
  updated_at: string;
  sent_at: string | null;
};

/** An inbox delivery as the admin API shows it. */
export type InboxView = Omit<InboxRow, "received_at" | "updated_at" | "processed_at"> & {
  received_at: string;
  updated_at: string;
  processed_at: string | null;
};

/** Turns an outbox row into its view. */
export function outboxView(row: OutboxRow): OutboxView {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    sent_at: iso(row.sent_at),
  };
}

/** Turns an inbox row into its view. */
export function inboxView(row: InboxRow): InboxView {
  return {
    ...row,
    received_at: row.received_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    processed_at: iso(row.processed_at),
  };
}

/** Lists outbox messages, newest first. */
export function listOutbox(
  deps: Pick<AppDeps, "db">,
  input: ListOutboxInput,
): Promise<Page<OutboxView>> {
  const { status, target, kind } = input;
  const q = deps.db.selectFrom("outbox");
  return readPage(q, { status, target, kind }, "created_at", input, outboxView);
}

/** Lists inbox deliveries, newest first. */
export function listInbox(
  deps: Pick<AppDeps, "db">,
  input: ListInboxInput,
): Promise<Page<InboxView>> {
  const { status, source, handler_type } = input;
  const q = deps.db.selectFrom("inbox");
  return readPage(q, { status, source, handler_type }, "received_at", input, inboxView);
}
