/**
 * `calls.transcribe`: one recording, download → transcribe → store, resumable at each step.
 * The record's status says how far it got, so a retry (or a worker that took over after a
 * crash) continues instead of starting over: a saved recording is not downloaded again, and a
 * saved transcript is never sent to Whisper again — only its file is written. What cannot
 * succeed on a retry ends the record, not the run: a gone recording is `missing_audio`, a
 * broken one `corrupt_audio`, one Whisper cannot take `too_large`.
 *
 * @module
 */
import OpenAI from "openai";
import { sql } from "kysely";
import type { CallRecordRow } from "../../db/schema_calls.ts";
import { jsonb, withTx } from "../../db/tx.ts";
import { type Bitrix24Client, createBitrix24Client } from "../../integrations/bitrix24/client.ts";
import { isTransientOpenAIError } from "../../integrations/openai/client.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { billedMinutes, COST_CURRENCY, costMicros } from "../../routers/calls/cost.ts";
import { periodKey, safeId, transcriptFile, transcriptKey } from "../../routers/calls/layout.ts";
import {
  failRecord,
  FINAL,
  getRecord,
  patchRecord,
  skipRecord,
} from "../../routers/calls/records.ts";
import { textPreview } from "../../routers/calls/registry_csv.ts";
import { PermanentJobError } from "../retry.ts";
import type { JobContext } from "../types.ts";
import { sleep } from "../../integrations/bitrix24/rate_limit.ts";
import { loadAudio } from "./download.ts";
import {
  type CallTranscript,
  checkAudio,
  sttGate,
  sttTimeoutMs,
  transcribeParts,
  UnsplittableAudio,
  uploadParts,
} from "./stt.ts";

/** What the job stores as its result. */
export interface TranscribeResult {
  status: CallRecordRow["status"];
  code?: string;
}

type Deps = Pick<AppDeps, "db" | "storage" | "config" | "logger">;

/** The transcript's key: `call_<id>.txt`, with the record id only if another recording of the call holds that name. */
async function keyFor(deps: Deps, record: CallRecordRow): Promise<string> {
  const run = await deps.db.selectFrom("call_export_runs").select(["period_from", "period_to"])
    .where("id", "=", record.run_id).executeTakeFirstOrThrow();
  const period = periodKey(
    new Date(run.period_from),
    new Date(run.period_to),
    deps.config.calls.timeZone,
  );
  const plain = transcriptKey(period, record.call_id);
  const taken = await deps.db.selectFrom("call_records").select("id")
    .where("call_id", "=", record.call_id).where("id", "<>", record.id)
    .where("transcript_path", "=", plain).executeTakeFirst();
  return taken ? transcriptKey(period, record.call_id, record.record_id) : plain;
}

/** Saves Whisper's answer at once, before the file: a crash after this never re-sends it. */
async function saveTranscript(deps: Deps, record: CallRecordRow, t: CallTranscript, key: string) {
  const seconds = t.durationS > 0 ? t.durationS : record.duration_sec;
  const minutes = billedMinutes(seconds);
  await withTx(deps.db, async (tx) => {
    await tx.insertInto("call_transcripts").values({
      record_id: record.id,
      text: t.text,
      language: t.language,
      duration_sec: t.durationS,
      segments: jsonb(t.segments),
    }).onConflict((oc) =>
      oc.column("record_id").doUpdateSet({
        text: t.text,
        language: t.language,
        duration_sec: t.durationS,
        segments: jsonb(t.segments),
      })
    ).execute();
    await patchRecord(tx, record.id, {
      status: "transcribed",
      language: t.language,
      text_preview: textPreview(t.text),
      billed_minutes: minutes,
      cost_micros: costMicros(minutes, deps.config.calls.stt.ratePerMinUsd),
      currency_code: COST_CURRENCY,
      transcribed_run_id: record.run_id,
      transcribed_at: new Date(),
      transcript_path: key,
      error_code: null,
      error_message: null,
    });
  });
}

/** Writes the transcript file of a record whose text is saved, and completes it. */
async function writeTranscriptFile(deps: Deps, recordId: string): Promise<void> {
  const record = (await getRecord(deps.db, recordId))!;
  const t = await deps.db.selectFrom("call_transcripts").selectAll()
    .where("record_id", "=", recordId).executeTakeFirstOrThrow();
  const lines = t.segments.length ? t.segments.map((s) => s.text) : [t.text];
  const text = transcriptFile(
    {
      callId: record.call_id,
      recordId: record.record_id,
      startedAt: new Date(record.call_started_at),
      direction: record.direction,
      durationSec: record.duration_sec,
      language: record.language,
    },
    lines.filter(Boolean),
    deps.config.calls.timeZone,
  );
  const key = record.transcript_path ?? await keyFor(deps, record);
  await deps.storage.put(key, text, { contentType: "text/plain; charset=utf-8" });
  await patchRecord(deps.db, recordId, { status: "completed", transcript_path: key });
}

/**
 * Marks the record `transcribing` just before its Whisper requests go out, unless another
 * worker is doing so right now (a job that was handed back at shutdown still finishing its
 * request): then it waits for that one to finish or to go stale (its worker died mid-request,
 * the only case in which a recording is sent twice).
 *
 * @returns false when another worker finished the record meanwhile
 */
async function takeTranscription(
  deps: Deps,
  id: string,
  parts: number,
  signal: AbortSignal,
): Promise<boolean> {
  const staleMs = sttTimeoutMs(deps.config) + 60_000;
  while (true) {
    const taken = await deps.db.updateTable("call_records").set({
      status: "transcribing",
      stt_requests: sql`stt_requests + ${parts}`,
      updated_at: sql`now()`,
    }).where("id", "=", id).where("status", "in", [
      "pending",
      "queued",
      "downloaded",
      "transcribing",
    ])
      .where((eb) =>
        eb.or([
          eb("status", "<>", "transcribing"),
          eb("updated_at", "<", sql<Date>`now() - ${staleMs} * interval '1 millisecond'`),
        ])
      ).returning("id").executeTakeFirst();
    if (taken) return true;
    const now = await getRecord(deps.db, id);
    if (!now || now.status !== "transcribing") return false;
    await sleep(1_000, signal);
  }
}

/** Sorts a Whisper failure: a record outcome, a retry, or a dead job. */
async function whisperFailed(deps: Deps, record: CallRecordRow, err: unknown): Promise<string> {
  if (err instanceof OpenAI.APIError && err.status === 400) {
    await failRecord(deps.db, record.id, "corrupt_audio", `Whisper: ${err.message}`);
    return "corrupt_audio";
  }
  if (err instanceof OpenAI.APIError && err.status === 413) {
    await failRecord(deps.db, record.id, "too_large", `Whisper: ${err.message}`);
    return "too_large";
  }
  if (isTransientOpenAIError(err)) throw err;
  throw new PermanentJobError(`Whisper refused the request: ${(err as Error).message}`, {
    cause: err,
  });
}

/**
 * The job handler.
 *
 * @example
 * ```ts
 * queue.register(CALL_JOBS.transcribe, transcribeCall, { payload: transcribePayload });
 * ```
 */
export async function transcribeCall(
  ctx: JobContext<{ recordId: string }>,
): Promise<TranscribeResult> {
  const { deps, signal } = ctx;
  const id = ctx.job.payload.recordId;
  let record = await getRecord(deps.db, id);
  if (!record) return { status: "error", code: "record_gone" };
  if (FINAL.includes(record.status)) return { status: record.status };
  const gate = sttGate(deps.config, record.duration_sec);
  if (gate) {
    await skipRecord(deps.db, id, gate);
    return { status: "skipped", code: gate };
  }
  record = await deps.db.updateTable("call_records")
    .set({ attempts: sql`attempts + 1`, last_attempt_at: sql`now()`, updated_at: sql`now()` })
    .where("id", "=", id).returningAll().executeTakeFirstOrThrow();
  if (record.status === "transcribed") {
    await writeTranscriptFile(deps, id);
    return { status: "completed" };
  }
  let b24: Bitrix24Client | undefined;
  const audio = await loadAudio(deps, () => (b24 ??= createBitrix24Client(deps)), record, signal);
  if (!audio) return { status: "error", code: "missing_audio" };
  signal.throwIfAborted();
  const check = checkAudio(audio.bytes, audio.format);
  if (!check.ok) {
    await failRecord(
      deps.db,
      id,
      "corrupt_audio",
      `the recording does not decode: ${check.reason}`,
    );
    return { status: "error", code: "corrupt_audio" };
  }
  if (check.durationS !== null && sttGate(deps.config, check.durationS) === "too_long") {
    await skipRecord(deps.db, id, "too_long");
    return { status: "skipped", code: "too_long" };
  }
  let parts: Uint8Array<ArrayBuffer>[];
  try {
    parts = uploadParts(audio.bytes, check.format, deps.config.calls.stt.chunkMaxBytes);
  } catch (err) {
    if (!(err instanceof UnsplittableAudio)) throw err;
    await failRecord(deps.db, id, "too_large", err.message);
    return { status: "error", code: "too_large" };
  }
  const key = await keyFor(deps, record);
  if (!(await takeTranscription(deps, id, parts.length, signal))) {
    // Another worker's request finished meanwhile: its text is saved, not ours to send again.
    const now = (await getRecord(deps.db, id))!;
    if (now.status === "transcribed") await writeTranscriptFile(deps, id);
    return { status: now.status === "transcribed" ? "completed" : now.status };
  }
  let transcript: CallTranscript;
  try {
    transcript = await transcribeParts(
      deps.config,
      parts,
      `call_${safeId(record.call_id)}_${safeId(record.record_id)}`,
      check.format,
    );
  } catch (err) {
    if (isTransientOpenAIError(err)) {
      // Nothing was transcribed: the next try may send again at once.
      await deps.db.updateTable("call_records").set({ status: "downloaded" })
        .where("id", "=", id).where("status", "=", "transcribing").execute();
    }
    return { status: "error", code: await whisperFailed(deps, record, err) };
  }
  await saveTranscript(deps, record, transcript, key);
  await writeTranscriptFile(deps, id);
  ctx.logger.info("call transcribed", {
    record_id: id,
    parts: parts.length,
    language: transcript.language,
  });
  return { status: "completed" };
}
