/**
 * fieldhub's OpenAI client: the official `openai` client built from config (key, base URL,
 * the CHATGPT_PROXY_URL proxy, timeout), and the two calls the domains make — transcribe a
 * call recording with Whisper, summarise a chat. Errors are the client's own
 * (`OpenAI.BadRequestError`, `RateLimitError`...); {@link isTransientOpenAIError} tells a job
 * whether to try again later. The client itself retries 408/409/429/5xx and connection
 * errors `maxRetries` times, honouring `retry-after`.
 *
 * @module
 */
import OpenAI from "openai";
import type { Config } from "../../config.ts";
import { languageCode } from "./languages.ts";

/** The config this module reads. */
export type OpenAIConfig = Pick<Config, "openai" | "requestTimeoutMs">;

/** Options of {@link createOpenAIClient}. */
export interface OpenAIClientOptions {
  /** Per-attempt timeout; config.requestTimeoutMs by default. Long recordings may need more. */
  timeoutMs?: number;
  /** Retries after the first attempt (the client's default is 2). */
  maxRetries?: number;
}

/** A client and what it holds open. */
export interface OpenAIClient extends Disposable {
  openai: OpenAI;
  /** Closes the proxy connection pool, if any. */
  close(): void;
}

/** True when an OpenAI key is configured (the seed starts without STT otherwise). */
export function openAIConfigured(config: OpenAIConfig): boolean {
  return !!config.openai.apiKey;
}

/**
 * Builds the client. Requests go through CHATGPT_PROXY_URL when it is set (the API is not
 * reachable directly from Russia), via a Deno HTTP client handed to `openai`'s `fetch` option.
 *
 * @throws {Error} when OPENAI_API_KEY is not set
 * @example
 * ```ts
 * using ai = createOpenAIClient(deps.config);
 * const t = await transcribe(ai, { audio, filename: "call_42.mp3" });
 * ```
 */
export function createOpenAIClient(
  config: OpenAIConfig,
  options: OpenAIClientOptions = {},
): OpenAIClient {
  const { apiKey, baseUrl, proxyUrl } = config.openai;
  if (!apiKey) throw new Error("OPENAI_API_KEY is not set; check openAIConfigured() first");
  const httpClient = proxyUrl ? Deno.createHttpClient({ proxy: { url: proxyUrl } }) : undefined;
  const openai = new OpenAI({
    apiKey,
    baseURL: baseUrl,
    timeout: options.timeoutMs ?? config.requestTimeoutMs,
    maxRetries: options.maxRetries,
    fetch: httpClient ? (input, init) => fetch(input, { ...init, client: httpClient }) : undefined,
  });
  let closed = false;
  const close = () => {
    if (!closed) httpClient?.close();
    closed = true;
  };
  return { openai, close, [Symbol.dispose]: close };
}

/** A recording to transcribe. */
export interface TranscribeInput {
  /** The file's bytes; at most 25 MiB with the form around it (split longer recordings). */
  audio: Uint8Array<ArrayBuffer>;
  /** Its name; the extension tells the API the format (`.mp3`, `.wav`...). */
  filename: string;
  /** ISO-639-1 hint (`ru`); Whisper detects the language when absent. */
  language?: string;
  /** Words to guide spelling (names, product terms). */
  prompt?: string;
  model?: string;
  signal?: AbortSignal;
}

/** A transcription. */
export interface TranscriptResult {
  text: string;
  /** Whisper's language name (`russian`). */
  language: string;
  /** Its ISO-639-1 code (`ru`), when Whisper's table has it. */
  languageCode?: string;
  durationS: number;
  segments: { start: number; end: number; text: string }[];
}

/**
 * Transcribes a recording with Whisper (`verbose_json`, for language and duration).
 *
 * @throws {OpenAI.APIError} `BadRequestError` for a file the API cannot decode, status 413 for
 *   one over 25 MiB, `RateLimitError` once retries are spent, and so on
 */
export async function transcribe(
  client: OpenAIClient,
  input: TranscribeInput,
): Promise<TranscriptResult> {
  // A File (not a stream) keeps the upload replayable, so the client can retry it after a 429.
  const file = new File([input.audio], input.filename);
  const result = await client.openai.audio.transcriptions.create({
    file,
    model: input.model ?? "whisper-1",
    response_format: "verbose_json",
    language: input.language,
    prompt: input.prompt,
  }, { signal: input.signal });
  return {
    text: result.text.trim(),
    language: result.language,
    languageCode: languageCode(result.language),
    durationS: result.duration,
    segments: (result.segments ?? []).map((s) => ({
      start: s.start,
      end: s.end,
      text: s.text.trim(),
    })),
  };
}

/** One line of a conversation to summarise. */
export interface SummaryLine {
  author?: string;
  text: string;
  at?: Date;
}

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** System prompt; a Russian "topics, decisions, open questions" prompt by default. */
  instructions?: string;
  model?: string;
  maxTokens?: number;
  temperature?: number;
  signal?: AbortSignal;
}

/** A summary and what it cost. */
export interface SummaryResult {
  text: string;
  model: string;
  /** `stop`, or `length` when cut at maxTokens. */
  finishReason: string;
  usage?: { promptTokens: number; completionTokens: number };
}

/** The default system prompt (seed 004: topics, decisions, open questions). */
export const DEFAULT_SUMMARY_PROMPT =
  "Ты помощник, который делает краткую выжимку переписки на русском языке: темы, принятые " +
  "решения и открытые вопросы. Пиши коротко, списком.";

/**
 * Summarises a conversation with a chat model. The lines go in one user message as
 * `[time] author: text`, the layout seed 004 used.
 *
 * @throws {OpenAI.APIError} as the API answers (a 404 for an unknown model, for a fallback)
 */
export async function summarize(
  client: OpenAIClient,
  lines: SummaryLine[],
  options: SummarizeOptions = {},
): Promise<SummaryResult> {
  const body = lines.map((l) =>
    (l.at ? `[${l.at.toISOString()}] ` : "") + (l.author ? `${l.author}: ` : "") +
    l.text.replace(/\n/g, " ")
  );
  const completion = await client.openai.chat.completions.create({
    model: options.model ?? "gpt-4o-mini",
    messages: [
      { role: "system", content: options.instructions ?? DEFAULT_SUMMARY_PROMPT },
      { role: "user", content: ["Сообщения чата:", ...body, "Сформируй выжимку."].join("\n") },
    ],
    temperature: options.temperature ?? 0.3,
    max_tokens: options.maxTokens ?? 600,
  }, { signal: options.signal });
  const choice = completion.choices[0];
  return {
    text: (choice?.message.content ?? "").trim(),
    model: completion.model,
    finishReason: choice?.finish_reason ?? "stop",
    usage: completion.usage && {
      promptTokens: completion.usage.prompt_tokens,
      completionTokens: completion.usage.completion_tokens,
    },
  };
}

/**
 * True when trying again later may succeed: connection failures and timeouts, 408, 409, 429
 * (except an exhausted quota) and 5xx. A 400 (bad audio), 401, 404 or 413 will fail again.
 */
export function isTransientOpenAIError(err: unknown): boolean {
  if (err instanceof OpenAI.APIConnectionError) return true;
  if (!(err instanceof OpenAI.APIError) || err.status === undefined) return false;
  if (err.status === 429) return err.code !== "insufficient_quota";
  return err.status === 408 || err.status === 409 || err.status >= 500;
}
