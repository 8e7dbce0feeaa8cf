/**
 * Names and payloads of the call-texts jobs (handlers in `jobs/calls/`). Domain code enqueues
 * by these names; the handlers register under them.
 *
 * A record's transcription job carries no dedup key: the queue keeps a key for good once its
 * job is done, and a record may need a new job later (a retry, a re-run). One live job per
 * record is guaranteed instead by the record's own status change (`pending`/`error` →
 * `queued`), made under a row lock in the same transaction as the enqueue.
 *
 * @module
 */
import { z } from "zod";

/** The job types. */
export const CALL_JOBS = {
  /** One export run: list the period's calls, schedule one job per call, write the outputs. */
  exportRun: "calls.export",
  /** One recording: download → transcribe → store. */
  transcribe: "calls.transcribe",
  /** The daily clean-up of old recordings, transcripts and registries. */
  retention: "calls.retention",
} as const;

/** Payload of `calls.export`. */
export const exportRunPayload = z.object({ runId: z.uuid() });
/** Payload of `calls.transcribe`. */
export const transcribePayload = z.object({ recordId: z.uuid() });
/** Payload of `calls.retention`. */
export const retentionPayload = z.object({ reschedule: z.boolean().default(true) });
