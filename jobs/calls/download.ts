/**
 * The download step of a call: the recording comes from storage when an earlier try already
 * saved it (no request to the portal), otherwise from Bitrix24 (`CALL_RECORD_URL`, or
 * `RECORD_FILE_ID` → `disk.file.get` → `DOWNLOAD_URL`), saved under
 * `raw/YYYY/MM/DD/call_<id>_<record>.<ext>` with its SHA-256 before anything else happens.
 *
 * @module
 */
import type { CallRecordRow } from "../../db/schema_calls.ts";
import type { Bitrix24Client } from "../../integrations/bitrix24/client.ts";
import { Bitrix24Error } from "../../integrations/bitrix24/errors.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { getBytes, type Storage } from "../../storage/storage.ts";
import { audioExtension, rawKey } from "../../routers/calls/layout.ts";
import { failRecord, patchRecord } from "../../routers/calls/records.ts";
import { sha256Hex } from "../../platform/hash.ts";

/** A recording at hand. */
export interface Audio {
  bytes: Uint8Array<ArrayBuffer>;
  /** `wav`, `mp3`, ... from the stored key. */
  format: string;
}
/** The object at `key`, or null when there is none (one request, not a HEAD then a GET). */
async function storedBytes(storage: Storage, key: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    return await getBytes(storage, key) as Uint8Array<ArrayBuffer>;
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_FOUND") return null;
    throw err;
  }
}

/**
 * The record's recording, downloaded once.
 *
 * @returns null when the portal says the recording is gone (the record is then `error` /
 *   `missing_audio`; retrying will not bring it back)
 * @throws {Bitrix24Error} a transient failure after the client's retries (the job retries)
 */
export async function loadAudio(
  deps: Pick<AppDeps, "db" | "storage" | "config">,
  b24: () => Bitrix24Client,
  record: CallRecordRow,
  signal: AbortSignal,
): Promise<Audio | null> {
  const kept = record.raw_path ? await storedBytes(deps.storage, record.raw_path) : null;
  if (kept) return { bytes: kept, format: record.raw_path!.split(".").pop() ?? "bin" };
  let recording;
  let publicUrl: string | null = null;
  try {
    const client = b24();
    const source = await client.recordingSource({
      recordUrl: record.recording_url,
      recordFileId: record.record_file_id,
    }, { signal });
    if (!source) {
      await failRecord(deps.db, record.id, "missing_audio", "the call has no recording");
      return null;
    }
    publicUrl = source.publicUrl;
    recording = await client.download(source.downloadUrl, { signal });
  } catch (err) {
    if (err instanceof Bitrix24Error && err.missing) {
      await failRecord(deps.db, record.id, "missing_audio", err.message);
      return null;
    }
    throw err;
  }
  const format = audioExtension(recording.bytes, recording.contentType);
  const key = rawKey(
    {
      callId: record.call_id,
      recordId: record.record_id,
      startedAt: new Date(record.call_started_at),
    },
    format,
    deps.config.calls.timeZone,
  );
  await deps.storage.put(key, recording.bytes, {
    contentType: format === "mp3"
      ? "audio/mpeg"
      : format === "wav"
      ? "audio/wav"
      : recording.contentType,
  });
  await patchRecord(deps.db, record.id, {
    status: "downloaded",
    raw_path: key,
    checksum: await sha256Hex(recording.bytes),
    audio_bytes: recording.bytes.length,
    recording_url: record.recording_url ?? publicUrl,
  });
  return { bytes: recording.bytes, format };
}
