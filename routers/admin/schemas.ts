/**
 * Inputs of the admin router's outbox and inbox lists.
 *
 * @module
 */
import { z } from "zod";
import { pageLimitFields } from "../../platform/paging.ts";
import { INBOX_STATUSES, OUTBOX_STATUSES } from "../../db/schema_jobs.ts";
import { dateRangeFields } from "../jobs/schemas.ts";

/** `admin.outbox.list`. */
export const listOutboxInput = z.object({
  status: z.enum(OUTBOX_STATUSES).optional(),
  target: z.string().min(1).max(100).optional(),
  kind: z.string().min(1).max(200).optional(),
  ...dateRangeFields,
  ...pageLimitFields,
});
/** Parsed {@link listOutboxInput}. */
export type ListOutboxInput = z.output<typeof listOutboxInput>;

/** `admin.inbox.list`. */
export const listInboxInput = z.object({
  status: z.enum(INBOX_STATUSES).optional(),
  source: z.string().min(1).max(100).optional(),
  handler_type: z.string().min(1).max(200).optional(),
  ...dateRangeFields,
  ...pageLimitFields,
});
/** Parsed {@link listInboxInput}. */
export type ListInboxInput = z.output<typeof listInboxInput>;

/** An outbox or inbox message id. */
export const messageIdInput = z.object({ id: z.uuid() });
