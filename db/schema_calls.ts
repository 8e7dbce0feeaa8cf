/**
 * Row types of the call-texts tables (migration 0030): export runs and their listing windows,
 * call records keyed by (call id, record id) across every run, transcripts, and the Bitrix24
 * rate limit's shared slot clock.
 *
 * @module
 */
import type { ColumnType, Generated, RawBuilder, Selectable } from "kysely";
import type { CreatedAt, Json, Timestamp } from "./schema_platform.ts";

/** Where an export run is. */
export type CallRunStatus = "pending" | "in_progress" | "completed" | "error" | "cancelled";

/** `call_export_runs`: one export of a period. */
export interface CallExportRunsTable {
  id: Generated<string>;
  period_from: Timestamp;
  period_to: Timestamp;
  status: Generated<CallRunStatus>;
  options: Json;
  actor_user_id: string | null;
  job_id: string | null;
  /** The run summary once finished (see `routers/calls/summary.ts`). */
  summary: Json | null;
  csv_path: string | null;
  report_path: string | null;
  error: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  updated_at: CreatedAt;
}
/** A run row as read. */
export type CallRunRow = Selectable<CallExportRunsTable>;

/** `call_export_windows`: a listing window done (the run's resumable checkpoint). */
export interface CallExportWindowsTable {
  run_id: string;
  window_from: Timestamp;
  window_to: Timestamp;
  /** Calls Bitrix24 returned in the window. */
  calls: number;
  /** Of those, calls without a recording (missed, not recorded). */
  no_recording: number;
  /** Rows that could not be read (no CALL_ID, no start); logged and counted, not stored. */
  unreadable: Generated<number>;
  listed_at: CreatedAt;
}

/**
 * A record's state. `queued` → `downloaded` → `transcribing` → `transcribed` (text saved,
 * file not yet) → `completed`; `skipped` and `error` are final with a reason or code.
 */
export type CallRecordStatus =
  | "pending"
  | "queued"
  | "downloaded"
  | "transcribing"
  | "transcribed"
  | "completed"
  | "skipped"
  | "error";

/** `bigint` columns come back as strings from postgres.js and numbers from PGlite. */
type BigIntColumn = ColumnType<string | number, number | bigint, number | bigint>;

/** `call_records`: one recording of one call, unique on (call_id, record_id). */
export interface CallRecordsTable {
  id: Generated<string>;
  /** The run that listed it last. */
  run_id: string;
  /** The run whose job transcribed it. */
  transcribed_run_id: string | null;
  call_id: string;
  record_id: string;
  record_file_id: string | null;
  recording_url: string | null;
  direction: "inbound" | "outbound" | "internal";
  from_number: string;
  to_number: string;
  employee_id: string | null;
  call_started_at: Timestamp;
  duration_sec: number;
  status: Generated<CallRecordStatus>;
  skip_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: Generated<number>;
  /** Whisper requests sent for this record (parts included), kept across runs. */
  stt_requests: Generated<number>;
  last_attempt_at: Timestamp | null;
  raw_path: string | null;
  checksum: string | null;
  audio_bytes: BigIntColumn | null;
  transcript_path: string | null;
  summary_path: string | null;
  text_preview: string | null;
  language: string | null;
  billed_minutes: number | null;
  cost_micros: BigIntColumn | null;
  currency_code: Generated<string>;
  transcribed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
/** A record row as read. */
export type CallRecordRow = Selectable<CallRecordsTable>;

/** A piece of a transcript with its time in the recording, in seconds. */
export interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** `call_transcripts`: the text of a record, searchable in Russian. */
export interface CallTranscriptsTable {
  record_id: string;
  text: string;
  language: string | null;
  duration_sec: number | null;
  segments: ColumnType<TimedText[], TimedText[] | RawBuilder<TimedText[]> | undefined, TimedText[]>;
  created_at: CreatedAt;
}

/** `b24_rate_slots`: when the next request to a portal may go, shared by every instance. */
export interface B24RateSlotsTable {
  name: string;
  next_free: Timestamp;
}

/** The call-texts tables, by name. */
export interface CallsTables {
  call_export_runs: CallExportRunsTable;
  call_export_windows: CallExportWindowsTable;
  call_records: CallRecordsTable;
  call_transcripts: CallTranscriptsTable;
  b24_rate_slots: B24RateSlotsTable;
}
