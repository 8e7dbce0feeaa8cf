/**
 * Environment variables of the call-texts pipeline (seed 000, "B24 Transcribe"): the Bitrix24
 * inbound webhook, its shared rate limit and backoff, Whisper's price and limits, retention and
 * the export defaults. `config.ts` spreads {@link callsEnv} into its schema and stores
 * {@link callsConfig}'s result as `config.calls`. OPENAI_* live in `config.ts` itself.
 *
 * @module
 */
import { z } from "zod";
import { int, num, optionalText, text, url } from "./parsers.ts";

/** An IANA time zone name that this runtime's ICU knows. */
const timeZone = (fallback: string) =>
  z.string().optional().transform((value, ctx) => {
    const zone = value || fallback;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      return zone;
    } catch {
      ctx.addIssue({ code: "custom", message: `expected an IANA time zone, got "${value}"` });
      return z.NEVER;
    }
  });

/** The call-texts variables, parsed like every other one (see `config/parsers.ts`). */
export const callsEnv = {
  /** Portal address, with or without the trailing `/rest` (the seed accepts both). */
  B24_BASE_URL: url("an http(s)://"),
  /** The user id in the inbound webhook URL `/rest/<user_id>/<token>/`. */
  B24_WEBHOOK_USER_ID: text("1"),
  /** The inbound webhook's secret token; unset means Bitrix24 is not configured. */
  B24_WEBHOOK_TOKEN: optionalText,
  /** Requests per second to the portal, shared by every worker and instance (token bucket). */
  B24_RATE_LIMIT_RPS: num(2, 0.01),
  /** Requests that may go at once after a quiet spell (the bucket's size). */
  B24_RATE_LIMIT_BURST: int(1, 1, 50),
  /** First wait after QUERY_LIMIT_EXCEEDED or a 5xx; doubles on each further try. */
  B24_BACKOFF_SECONDS: num(5, 0),
  /** Tries per Bitrix24 request, the first included. */
  B24_MAX_ATTEMPTS: int(5, 1, 20),
  /** Whisper's price per started minute of audio, in USD. */
  WHISPER_RATE_PER_MIN_USD: num(0.006, 0),
  /** Longest recording sent to STT, in minutes; longer calls are skipped. 0 turns STT off. */
  STT_MAX_FILE_MINUTES: num(120, 0),
  /** Largest upload to Whisper; longer recordings are split (the API refuses over 25 MB). */
  STT_CHUNK_MAX_BYTES: int(24 * 1024 * 1024, 4096, 25 * 1024 * 1024),
  /** Whisper model. */
  STT_MODEL: text("whisper-1"),
  /** Default length of an export, in days back from today. */
  CALLS_EXPORT_DAYS: int(60, 1, 3650),
  /** Length of one listing window; each window is a resumable checkpoint. */
  CALLS_WINDOW_HOURS: int(24, 1, 24 * 31),
  /** Calls of one run processed at once (across every worker). */
  CALLS_CONCURRENCY: int(10, 1, 200),
  /** Wall-clock zone of the registry's datetimes, file names and day boundaries. */
  CALLS_TIMEZONE: timeZone("Europe/Moscow"),
  /** Days raw recordings are kept; 0 keeps them. */
  CALLS_RETENTION_RAW_DAYS: int(90, 0, 36_500),
  /** Days transcripts are kept (files and searchable text); 0 keeps them. */
  CALLS_RETENTION_TRANSCRIPT_DAYS: int(180, 0, 36_500),
  /** Days registries (CSV) and period reports are kept; 0 keeps them. */
  CALLS_RETENTION_REGISTRY_DAYS: int(365, 0, 36_500),
};

/** The parsed variables {@link callsConfig} reads. */
export interface CallsEnv {
  B24_BASE_URL?: string;
  B24_WEBHOOK_USER_ID: string;
  B24_WEBHOOK_TOKEN?: string;
  B24_RATE_LIMIT_RPS: number;
  B24_RATE_LIMIT_BURST: number;
  B24_BACKOFF_SECONDS: number;
  B24_MAX_ATTEMPTS: number;
  WHISPER_RATE_PER_MIN_USD: number;
  STT_MAX_FILE_MINUTES: number;
  STT_CHUNK_MAX_BYTES: number;
  STT_MODEL: string;
  CALLS_EXPORT_DAYS: number;
  CALLS_WINDOW_HOURS: number;
  CALLS_CONCURRENCY: number;
  CALLS_TIMEZONE: string;
  CALLS_RETENTION_RAW_DAYS: number;
  CALLS_RETENTION_TRANSCRIPT_DAYS: number;
  CALLS_RETENTION_REGISTRY_DAYS: number;
}

/** `config.calls`. */
export function callsConfig(env: CallsEnv) {
  return {
    bitrix24: {
      /** The portal root without `/rest` and without a trailing slash. */
      baseUrl: env.B24_BASE_URL?.replace(/\/+$/, "").replace(/\/rest$/, ""),
      userId: env.B24_WEBHOOK_USER_ID,
      token: env.B24_WEBHOOK_TOKEN,
      rateLimitRps: env.B24_RATE_LIMIT_RPS,
      rateLimitBurst: env.B24_RATE_LIMIT_BURST,
      backoffMs: Math.round(env.B24_BACKOFF_SECONDS * 1000),
      maxAttempts: env.B24_MAX_ATTEMPTS,
    },
    stt: {
      ratePerMinUsd: env.WHISPER_RATE_PER_MIN_USD,
      maxFileMinutes: env.STT_MAX_FILE_MINUTES,
      chunkMaxBytes: env.STT_CHUNK_MAX_BYTES,
      model: env.STT_MODEL,
    },
    exportDays: env.CALLS_EXPORT_DAYS,
    windowHours: env.CALLS_WINDOW_HOURS,
    concurrency: env.CALLS_CONCURRENCY,
    timeZone: env.CALLS_TIMEZONE,
    retentionDays: {
      raw: env.CALLS_RETENTION_RAW_DAYS,
      transcripts: env.CALLS_RETENTION_TRANSCRIPT_DAYS,
      registries: env.CALLS_RETENTION_REGISTRY_DAYS,
    },
  };
}

/** The `config.calls` section. */
export type CallsConfig = ReturnType<typeof callsConfig>;
