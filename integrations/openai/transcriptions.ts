/**
 * `POST /v1/audio/transcriptions` of the OpenAI simulator: the multipart request the `openai`
 * client sends (file, model, response_format, language, prompt, temperature,
 * timestamp_granularities[], stream), checked the way the API checks it, and answered in the
 * requested format (`json`, `text`, `srt`, `verbose_json`, `vtt`). The upload is really
 * decoded (WAV, MP3): a non-audio file gets the API's 400, and the reported duration is the
 * recording's own.
 *
 * @module
 */
import type { Context } from "hono";
import { probeAudio } from "../audio/probe.ts";
import { openaiError, requestId } from "./errors.ts";
import { languageName } from "./languages.ts";
import { type TimedText, type Transcript, transcriptOf } from "./transcript.ts";
import { sseResponse } from "./sse.ts";

/** Extensions the API accepts (its own error message lists them). */
const EXTENSIONS = ["flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"];
const FORMATS = ["json", "text", "srt", "verbose_json", "vtt"];
const MIN_SECONDS = 0.1;

/** Settings of the route. */
export interface TranscriptionOptions {
  /** True when the simulator serves `model`. */
  hasModel(model: string): boolean;
}

function clock(seconds: number, separator: string): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

function subtitles(segments: TimedText[], kind: "srt" | "vtt"): string {
  const sep = kind === "srt" ? "," : ".";
  const cues = segments.map((s, i) =>
    `${kind === "srt" ? `${i + 1}\n` : ""}${clock(s.start, sep)} --> ${
      clock(s.end, sep)
    }\n${s.text}\n`
  );
  return (kind === "vtt" ? "WEBVTT\n\n" : "") + cues.join("\n");
}

function tokensOf(text: string): number[] {
  return text.split(/\s+/).filter(Boolean).map((w) =>
    50_365 + [...w].reduce((h, ch) => (h * 31 + ch.codePointAt(0)!) % 40_000, 7)
  );
}

function verbose(t: Transcript, language: string, duration: number, granularities: string[]) {
  const body: Record<string, unknown> = { task: "transcribe", language, duration, text: t.text };
  if (granularities.length === 0 || granularities.includes("segment")) {
    body.segments = t.segments.map((s, id) => ({
      id,
      seek: Math.floor(s.start / 30) * 3000,
      start: s.start,
      end: s.end,
      text: " " + s.text,
      tokens: tokensOf(s.text),
      temperature: 0,
      avg_logprob: -0.25,
      compression_ratio: 1.2,
      no_speech_prob: 0.01,
    }));
  }
  if (granularities.includes("word")) {
    body.words = t.words.map((w) => ({ word: w.text, start: w.start, end: w.end }));
  }
  body.usage = { type: "duration", seconds: Math.ceil(duration) };
  return body;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** Handles one transcription request. */
export async function transcribe(c: Context, options: TranscriptionOptions): Promise<Response> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    return openaiError(
      400,
      `Invalid Content-Type header (${type || "none"}), expected multipart/form-data. ` +
        "(HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')",
    );
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    return openaiError(400, "Could not parse multipart form");
  }
  const model = form.get("model");
  if (typeof model !== "string" || !model) {
    return openaiError(400, "you must provide a model parameter");
  }
  if (!options.hasModel(model)) {
    return openaiError(
      404,
      `The model \`${model}\` does not exist or you do not have access to it.`,
      {
        code: "model_not_found",
      },
    );
  }
  const file = form.get("file");
  if (!(file instanceof File)) {
    return openaiError(400, "Missing required parameter: 'file'.", {
      param: "file",
      code: "missing_required_parameter",
    });
  }
  const format = String(form.get("response_format") ?? "json");
  if (!FORMATS.includes(format)) {
    return openaiError(
      400,
      `Invalid value: '${format}'. Supported values are: 'json', 'text', 'srt', 'verbose_json', and 'vtt'.`,
      { param: "response_format", code: "invalid_value" },
    );
  }
  if (model !== "whisper-1" && format !== "json" && format !== "text") {
    return openaiError(
      400,
      `response_format '${format}' is not compatible with model '${model}'. Use 'json' or 'text' instead.`,
      { param: "response_format", code: "unsupported_value" },
    );
  }
  const languageParam = form.get("language");
  let language: string | undefined;
  if (typeof languageParam === "string" && languageParam) {
    language = languageName(languageParam);
    if (!language) {
      return openaiError(
        400,
        `Invalid language '${languageParam}'. Language parameter must be specified in ISO-639-1 format.`,
        { param: "language" },
      );
    }
  }
  const temperature = form.get("temperature");
  if (temperature !== null && !(Number(temperature) >= 0 && Number(temperature) <= 1)) {
    return openaiError(
      400,
      `Invalid 'temperature': decimal above maximum value. Expected a value <= 1, but got ${temperature} instead.`,
      { param: "temperature", code: "decimal_above_max_value" },
    );
  }
  const extension = file.name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1] ?? "";
  if (!EXTENSIONS.includes(extension)) {
    return openaiError(
      400,
      `Invalid file format. Supported formats: [${EXTENSIONS.map((e) => `'${e}'`).join(", ")}]`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const audio = probeAudio(bytes);
  if (!audio.ok) {
    const res = openaiError(
      400,
      "The audio file could not be decoded or its format is not supported.",
    );
    // Say why in a header only the simulator sends, so a developer is not left guessing.
    res.headers.set("x-simulator-note", `${audio.reason}: ${audio.detail}`);
    return res;
  }
  if (audio.durationS < MIN_SECONDS) {
    return openaiError(400, "Audio file is too short. Minimum audio length is 0.1 seconds.", {
      param: "file",
      code: "audio_too_short",
    });
  }
  const transcript = transcriptOf(audio, await sha256(bytes));
  const languageOut = language ??
    (audio.language && languageName(audio.language)) ?? "russian";
  const headers = { "x-request-id": requestId() };
  const granularities = form.getAll("timestamp_granularities[]").map(String);
  const usage = { type: "duration", seconds: Math.ceil(audio.durationS) };

  if (form.get("stream") === "true" && model !== "whisper-1") {
    // The API streams text deltas for the gpt-4o models (whisper-1 ignores `stream`).
    const deltas = transcript.text.split(" ").filter(Boolean).map((word, i) => ({
      type: "transcript.text.delta",
      delta: (i ? " " : "") + word,
    }));
    return sseResponse([...deltas, { type: "transcript.text.done", text: transcript.text }], {
      done: false,
      headers,
    });
  }
  switch (format) {
    case "text":
      return c.text(transcript.text + "\n", 200, headers);
    case "srt":
    case "vtt":
      return c.text(subtitles(transcript.segments, format), 200, headers);
    case "verbose_json":
      return c.json(verbose(transcript, languageOut, audio.durationS, granularities), 200, headers);
    default:
      return c.json({ text: transcript.text, usage }, 200, headers);
  }
}
