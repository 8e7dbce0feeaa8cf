/**
 * Where the pipeline's outputs live in storage, as the seed's runbook lays them out:
 *
 * | what | key |
 * |---|---|
 * | raw recording | `raw/YYYY/MM/DD/call_<call_id>_<record_id>.<ext>` (the call's date) |
 * | transcript | `exports/<period>/transcripts/call_<call_id>.txt` |
 * | registry | `exports/<period>/registry/calls_<from>_<to>.csv` |
 * | period report | `exports/<period>/reports/summary_<period>.md` |
 *
 * `<period>` is `YYYYmmdd_YYYYmmdd`, `<from>`/`<to>` are `YYYYmmddTHHMMSS`, all wall clock of
 * CALLS_TIMEZONE. Ids from Bitrix24 are reduced to `[A-Za-z0-9._-]` behind a `call_` prefix, so
 * no id can climb out of its folder (`../` becomes `.._`, and a segment never starts with a
 * dot); the storage port checks every key once more.
 *
 * The transcript file is UTF-8: a header of `NAME: value` lines, `---`, then the text.
 *
 * @module
 */
import { looksLikeMp3 } from "../../integrations/audio/mp3.ts";
import { looksLikeWav } from "../../integrations/audio/wav.ts";
import { dayStamp, fileStamp, rfc3339, wallClock } from "./time.ts";

/** An id as a safe piece of a file name. */
export function safeId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120);
  return clean || "_";
}

/** `YYYYmmdd_YYYYmmdd` of a period. */
export function periodKey(from: Date, to: Date, timeZone: string): string {
  return `${dayStamp(from, timeZone)}_${dayStamp(to, timeZone)}`;
}

/** The raw recording's key. */
export function rawKey(
  call: { callId: string; recordId: string; startedAt: Date },
  ext: string,
  timeZone: string,
): string {
  const w = wallClock(call.startedAt, timeZone);
  return `raw/${w.year}/${w.month}/${w.day}/call_${safeId(call.callId)}_${
    safeId(call.recordId)
  }.${ext}`;
}

/** The transcript's key; `recordId` is added only to tell two recordings of one call apart. */
export function transcriptKey(period: string, callId: string, recordId?: string): string {
  const suffix = recordId ? `_${safeId(recordId)}` : "";
  return `exports/${period}/transcripts/call_${safeId(callId)}${suffix}.txt`;
}

/** The registry's file name, `calls_<from>_<to>.csv`. */
export function registryFileName(from: Date, to: Date, timeZone: string): string {
  return `calls_${fileStamp(from, timeZone)}_${fileStamp(to, timeZone)}.csv`;
}

/** The registry's key. */
export function registryKey(from: Date, to: Date, timeZone: string): string {
  return `exports/${periodKey(from, to, timeZone)}/registry/${
    registryFileName(from, to, timeZone)
  }`;
}

/** The period report's key. */
export function reportKey(from: Date, to: Date, timeZone: string): string {
  const period = periodKey(from, to, timeZone);
  return `exports/${period}/reports/summary_${period}.md`;
}

/** The file extension of a recording, from its bytes, then its content type. */
export function audioExtension(bytes: Uint8Array, contentType: string): string {
  if (looksLikeWav(bytes)) return "wav";
  if (looksLikeMp3(bytes)) return "mp3";
  const type = contentType.toLowerCase();
  if (type.includes("mpeg") || type.includes("mp3")) return "mp3";
  if (type.includes("wav")) return "wav";
  if (type.includes("ogg")) return "ogg";
  return "bin";
}

/** The header fields of a transcript file. */
export interface TranscriptHeader {
  callId: string;
  recordId: string;
  startedAt: Date;
  direction: string;
  durationSec: number;
  language: string | null;
}

/**
 * The transcript file's text.
 *
 * @example
 * ```ts
 * transcriptFile({ callId: "42", recordId: "1001", ... }, ["Алло.", "Слушаю."], "Europe/Moscow");
 * // "CALL_ID: 42\nRECORD_ID: 1001\nSTART: 2024-…+03:00\n…\n---\nАлло.\nСлушаю.\n"
 * ```
 */
export function transcriptFile(h: TranscriptHeader, lines: string[], timeZone: string): string {
  const header = [
    `CALL_ID: ${h.callId}`,
    `RECORD_ID: ${h.recordId}`,
    `START: ${rfc3339(h.startedAt, timeZone)}`,
    `DIRECTION: ${h.direction}`,
    `DURATION_SEC: ${h.durationSec}`,
    `LANGUAGE: ${h.language ?? ""}`,
    "---",
  ];
  return [...header, ...lines.map((l) => l.replace(/\r?\n/g, " "))].join("\n") + "\n";
}

/** Reads a transcript file back: its header fields by name, and the text. */
export function parseTranscriptFile(
  text: string,
): { header: Record<string, string>; body: string } {
  const at = text.indexOf("\n---\n");
  if (at < 0) throw new Error("not a transcript file: no --- line");
  const header: Record<string, string> = {};
  for (const line of text.slice(0, at).split("\n")) {
    const i = line.indexOf(": ");
    header[i < 0 ? line.replace(/:$/, "") : line.slice(0, i)] = i < 0 ? "" : line.slice(i + 2);
  }
  return { header, body: text.slice(at + 5) };
}
