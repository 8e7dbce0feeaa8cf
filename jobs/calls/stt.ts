/**
 * Speech to text for one recording: when STT runs at all (an OpenAI key, and
 * STT_MAX_FILE_MINUTES above 0 — the seed's README: "0 disables STT"), which calls are too
 * long, how a recording is cut into uploads under Whisper's 25 MB limit (WAV on sample frames,
 * MP3 on frame headers), and the Whisper calls themselves (`verbose_json`, so the language
 * and duration come back).
 *
 * @module
 */
import type { Config } from "../../config.ts";
import { probeAudio } from "../../integrations/audio/probe.ts";
import { isMp3FrameAt } from "../../integrations/audio/mp3.ts";
import { splitWav } from "../../integrations/audio/wav.ts";
import {
  createOpenAIClient,
  openAIConfigured,
  transcribe,
  type TranscriptResult,
} from "../../integrations/openai/client.ts";

/** Why a call is not transcribed, if it is not. */
export type SttGate = "stt_disabled" | "too_long" | null;

/** True when STT is configured and not turned off. */
export function sttEnabled(config: Pick<Config, "openai" | "calls" | "requestTimeoutMs">): boolean {
  return openAIConfigured(config) && config.calls.stt.maxFileMinutes > 0;
}

/** Whether a call of `seconds` goes to STT. */
export function sttGate(
  config: Pick<Config, "openai" | "calls" | "requestTimeoutMs">,
  seconds: number,
): SttGate {
  if (!sttEnabled(config)) return "stt_disabled";
  return seconds > config.calls.stt.maxFileMinutes * 60 ? "too_long" : null;
}

/** A recording that cannot be cut (a container other than WAV or MP3) and is too big. */
export class UnsplittableAudio extends Error {
  constructor(readonly bytes: number, readonly limit: number) {
    super(`a ${bytes}-byte recording of this format cannot be cut under ${limit} bytes`);
    this.name = "UnsplittableAudio";
  }
}

/**
 * Cuts an MP3 into pieces of at most `maxBytes`, each starting on a frame header, so every
 * piece decodes on its own.
 */
export function splitMp3(bytes: Uint8Array, maxBytes: number): Uint8Array<ArrayBuffer>[] {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let start = 0;
  while (bytes.length - start > maxBytes) {
    let cut = start + maxBytes;
    while (cut > start && !isMp3FrameAt(bytes, cut)) cut--;
    if (cut <= start) throw new UnsplittableAudio(bytes.length, maxBytes);
    parts.push(bytes.slice(start, cut));
    start = cut;
  }
  parts.push(bytes.slice(start));
  return parts;
}

/**
 * The uploads of a recording: the file itself when it fits, otherwise pieces under the limit.
 *
 * @throws {UnsplittableAudio} for a big file that is neither WAV nor MP3
 */
export function uploadParts(
  bytes: Uint8Array<ArrayBuffer>,
  format: string,
  maxBytes: number,
): Uint8Array<ArrayBuffer>[] {
  if (bytes.length <= maxBytes) return [bytes];
  if (format === "wav") return splitWav(bytes, maxBytes);
  if (format === "mp3") return splitMp3(bytes, maxBytes);
  throw new UnsplittableAudio(bytes.length, maxBytes);
}

/**
 * How long one Whisper request may take: REQUEST_TIMEOUT_S is meant for short calls, and a
 * 24 MB upload takes Whisper minutes.
 */
export function sttTimeoutMs(config: Pick<Config, "requestTimeoutMs">): number {
  return Math.max(config.requestTimeoutMs, 300_000);
}

/** What the recording holds, as far as fieldhub can tell before sending it. */
export type AudioCheck =
  | { ok: true; format: string; durationS: number | null }
  | { ok: false; reason: string };

/**
 * Decodes the recording's header: WAV and MP3 are checked (a broken one is reported as
 * corrupt without spending a Whisper request); other containers Whisper accepts pass as is.
 */
export function checkAudio(bytes: Uint8Array, fallbackFormat: string): AudioCheck {
  const probe = probeAudio(bytes);
  if (probe.ok) return { ok: true, format: probe.format, durationS: probe.durationS };
  if (probe.reason === "container") {
    return { ok: true, format: probe.container ?? fallbackFormat, durationS: null };
  }
  return { ok: false, reason: probe.detail };
}

/** A recording's transcript, its pieces joined. */
export interface CallTranscript {
  text: string;
  /** ISO-639-1 code of the language Whisper heard (of the first piece with speech). */
  language: string | null;
  durationS: number;
  segments: { start: number; end: number; text: string }[];
}

/**
 * Sends each piece to Whisper in turn and joins the results (segment times shifted by the
 * pieces before). The job's abort signal is deliberately not passed: a request that reached
 * Whisper is paid for, so it is let finish and its result kept.
 *
 * @throws {OpenAI.APIError} as the API answers once the client's own retries (429 with
 *   retry-after, 5xx) are spent
 */
export async function transcribeParts(
  config: Pick<Config, "openai" | "calls" | "requestTimeoutMs">,
  parts: Uint8Array<ArrayBuffer>[],
  baseName: string,
  format: string,
): Promise<CallTranscript> {
  using client = createOpenAIClient(config, {
    timeoutMs: sttTimeoutMs(config),
    maxRetries: 3,
  });
  const results: TranscriptResult[] = [];
  for (let i = 0; i < parts.length; i++) {
    const suffix = parts.length > 1 ? `.part${i + 1}` : "";
    results.push(
      await transcribe(client, {
        audio: parts[i],
        filename: `${baseName}${suffix}.${format}`,
        model: config.calls.stt.model,
      }),
    );
  }
  let offset = 0;
  const segments: CallTranscript["segments"] = [];
  for (const r of results) {
    for (const s of r.segments) {
      segments.push({ start: s.start + offset, end: s.end + offset, text: s.text });
    }
    offset += r.durationS;
  }
  const spoken = results.find((r) => r.text) ?? results[0];
  return {
    text: results.map((r) => r.text).filter(Boolean).join(" "),
    language: spoken?.languageCode ?? null,
    durationS: offset,
    segments,
  };
}
