/**
 * Row types of the background-work tables: `jobs` (every job of every transport, the source of
 * truth for status, retries and progress), `job_workers` (live workers), `outbox` (messages to
 * external systems) and `inbox` (webhook deliveries received).
 *
 * @module
 */
import type { Generated, Selectable } from "kysely";
import type { CreatedAt, Json, Timestamp } from "./schema_platform.ts";

/** Where a job is in its life. `failed` means "the last try failed, another one is scheduled". */
export const JOB_STATUSES = ["queued", "running", "done", "failed", "dead"] as const;
/** A job's status. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `jobs`: one row per enqueued unit of background work. */
export interface JobsTable {
  id: Generated<string>;
  type: string;
  payload: Json;
  status: Generated<JobStatus>;
  dedup_key: string | null;
  attempts: Generated<number>;
  max_attempts: number;
  run_at: CreatedAt;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  progress: Generated<number>;
  progress_message: string | null;
  result: Json | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}
/** A job row as read. */
export type JobRow = Selectable<JobsTable>;

/** `job_workers`: one row per running worker, refreshed by its sweeper. */
export interface JobWorkersTable {
  id: string;
  backend: string;
  hostname: string;
  pid: number;
  concurrency: number;
  started_at: CreatedAt;
  heartbeat_at: CreatedAt;
}

/** Delivery states of an outbox message. */
export const OUTBOX_STATUSES = ["pending", "delivering", "sent", "dead"] as const;
/** An outbox message's delivery state. */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** `outbox`: a message for an external system, written with the business change. */
export interface OutboxTable {
  id: Generated<string>;
  target: string;
  kind: string;
  key: string;
  payload: Json;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  result: Json | null;
  job_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  sent_at: Timestamp | null;
}
/** An outbox row as read. */
export type OutboxRow = Selectable<OutboxTable>;

/** Processing states of an inbox delivery. */
export const INBOX_STATUSES = ["received", "processing", "processed", "dead"] as const;
/** An inbox delivery's processing state. */
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** `inbox`: a webhook delivery, unique per (source, delivery id). */
export interface InboxTable {
  id: Generated<string>;
  source: string;
  delivery_id: string;
  handler_type: string;
  payload: Json;
  status: Generated<InboxStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  result: Json | null;
  job_id: string | null;
  duplicates: Generated<number>;
  received_at: CreatedAt;
  updated_at: CreatedAt;
  processed_at: Timestamp | null;
}
/** An inbox row as read. */
export type InboxRow = Selectable<InboxTable>;

/** The background-work tables, by name. */
export interface JobsTables {
  jobs: JobsTable;
  job_workers: JobWorkersTable;
  outbox: OutboxTable;
  inbox: InboxTable;
}
