/**
 * Tells what audio a byte string holds, the way a transcription service looks at an upload
 * before decoding it: WAV and MP3 are decoded (duration, embedded text); other containers
 * Whisper accepts are recognised by their magic bytes but not decoded here.
 *
 * @module
 */
import { looksLikeMp3, Mp3Error, readMp3 } from "./mp3.ts";
import { looksLikeWav, readWav, WavError } from "./wav.ts";

/** A decoded recording. */
export interface ProbedAudio {
  ok: true;
  format: "wav" | "mp3";
  durationS: number;
  /** Text a test embedded in the file (WAV INFO `ICMT`). */
  text?: string;
  /** ISO-639-1 code embedded in the file (WAV INFO `ILNG`). */
  language?: string;
  /** Every sample is zero. */
  silent: boolean;
}

/** Why a byte string could not be decoded. */
export interface UndecodedAudio {
  ok: false;
  /** `container`: a known audio container this module does not decode; `invalid`: not audio, or broken. */
  reason: "container" | "invalid";
  /** The container recognised by its magic bytes, if any. */
  container?: "ogg" | "flac" | "webm" | "mp4";
  detail: string;
}

function startsWith(bytes: Uint8Array, text: string, at = 0): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return bytes.length >= at + text.length;
}

function container(bytes: Uint8Array): UndecodedAudio["container"] {
  if (startsWith(bytes, "OggS")) return "ogg";
  if (startsWith(bytes, "fLaC")) return "flac";
  if (startsWith(bytes, "\x1a\x45\xdf\xa3")) return "webm";
  if (startsWith(bytes, "ftyp", 4)) return "mp4";
}

/**
 * Decodes the header of a WAV or MP3 recording.
 *
 * @example
 * ```ts
 * const probe = probeAudio(writeWav({ seconds: 2 }));
 * if (probe.ok) probe.durationS; // 2
 * ```
 */
export function probeAudio(bytes: Uint8Array): ProbedAudio | UndecodedAudio {
  try {
    if (looksLikeWav(bytes)) {
      const wav = readWav(bytes);
      return {
        ok: true,
        format: "wav",
        durationS: wav.durationS,
        text: wav.info.ICMT || undefined,
        language: wav.info.ILNG || undefined,
        silent: wav.silent,
      };
    }
    if (looksLikeMp3(bytes)) {
      return { ok: true, format: "mp3", durationS: readMp3(bytes).durationS, silent: false };
    }
  } catch (err) {
    if (err instanceof WavError || err instanceof Mp3Error) {
      return { ok: false, reason: "invalid", detail: err.message };
    }
    throw err;
  }
  const known = container(bytes);
  if (known) {
    return { ok: false, reason: "container", container: known, detail: `${known} is not decoded` };
  }
  return { ok: false, reason: "invalid", detail: "no audio signature" };
}
