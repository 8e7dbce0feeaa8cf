/**
 * The OpenAI simulator: a real HTTP server speaking the OpenAI API for what fieldhub uses —
 * Whisper transcription (`/v1/audio/transcriptions`), chat completions for summaries
 * (`/v1/chat/completions`, also streamed) and `/v1/models` — with bearer auth, the API's
 * error format, its 25 MiB request limit (413), and the harness's faults and rate limit (429
 * with `retry-after`). Tests drive it with the real `openai` client; `deno task dev` starts it
 * when OPENAI_API_KEY is not a real key.
 *
 * @module
 */
import { Hono } from "hono";
import type { Config } from "../../config.ts";
import { type DevSimulator, isPlaceholderSecret } from "../harness/dev_entry.ts";
import type { RateLimitInput } from "../harness/faults.ts";
import type { RecordedRequest } from "../harness/record.ts";
import { type Simulator, startSimulator } from "../harness/simulator.ts";
import { chatCompletion } from "./chat.ts";
import { MAX_CONTENT_BYTES, openaiError, renderOpenAIError } from "./errors.ts";
import { transcribe } from "./transcriptions.ts";

/** The key the simulator accepts unless told otherwise (documented for curl in dev). */
export const SIMULATOR_API_KEY = "sk-fieldhub-simulator";

/** Options of {@link startOpenAISimulator}. */
export interface OpenAISimulatorOptions {
  /** The only bearer token accepted. */
  apiKey?: string;
  /**
   * Model ids served; others get 404 `model_not_found`. By default any chat model
   * (`gpt-*`, `o1`..`o9*`, `chatgpt-*`) and any transcription model (`whisper-1`, `*transcribe*`).
   */
  models?: string[];
  rateLimit?: RateLimitInput;
  port?: number;
  onRequest?: (request: RecordedRequest) => void;
}

/** A running OpenAI simulator. */
export interface OpenAISimulator extends Simulator {
  /** The bearer token it accepts. */
  readonly apiKey: string;
  /** What to pass as the client's `baseURL` (`<url>/v1`). */
  readonly baseURL: string;
}

const DEFAULT_MODEL = /^(gpt-|o\d|chatgpt-|whisper-1$)|transcribe/;

function masked(key: string): string {
  return key.length > 8 ? `${key.slice(0, 3)}${"*".repeat(key.length - 7)}${key.slice(-4)}` : key;
}

/** The simulator's routes (exported for tests that call them through `app.request()`). */
export function openaiApp(options: { apiKey: string; models?: string[] }): Hono {
  const hasModel = (m: string) =>
    options.models ? options.models.includes(m) : DEFAULT_MODEL.test(m);
  const app = new Hono();
  app.use("/v1/*", async (c, next) => {
    const auth = c.req.header("authorization") ?? "";
    const token = auth.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (!token) {
      return openaiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization " +
          "header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API " +
          "key from https://platform.openai.com/account/api-keys.",
      );
    }
    if (token !== options.apiKey) {
      return openaiError(
        401,
        `Incorrect API key provided: ${masked(token)}. You can find your API key at ` +
          "https://platform.openai.com/account/api-keys.",
        { code: "invalid_api_key" },
      );
    }
    await next();
  });
  app.post("/v1/audio/transcriptions", (c) => transcribe(c, { hasModel }));
  app.post("/v1/chat/completions", (c) => chatCompletion(c, { hasModel }));
  app.get("/v1/models", (c) => {
    const ids = options.models ?? ["gpt-4o-mini", "gpt-4o", "whisper-1", "gpt-4o-transcribe"];
    return c.json({
      object: "list",
      data: ids.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "openai" })),
    });
  });
  app.notFound((c) => openaiError(404, `Invalid URL (${c.req.method} ${c.req.path})`));
  return app;
}

/**
 * Starts an OpenAI simulator on a free port.
 *
 * @example
 * ```ts
 * await using sim = await startOpenAISimulator({ apiKey: "sk-test" });
 * const client = new OpenAI({ apiKey: sim.apiKey, baseURL: sim.baseURL });
 * sim.failNext({ status: 429, retryAfterS: 0.1, path: "/v1/chat/completions" });
 * ```
 */
export async function startOpenAISimulator(
  options: OpenAISimulatorOptions = {},
): Promise<OpenAISimulator> {
  const apiKey = options.apiKey ?? SIMULATOR_API_KEY;
  const sim = await startSimulator({
    name: "openai",
    app: openaiApp({ apiKey, models: options.models }),
    renderError: renderOpenAIError,
    maxBodyBytes: MAX_CONTENT_BYTES,
    rateLimit: options.rateLimit,
    port: options.port,
    onRequest: options.onRequest,
  });
  return Object.assign(sim, { apiKey, baseURL: `${sim.url}/v1` });
}

/** The OpenAI entry of the dev registry: real when OPENAI_API_KEY is a real key. */
export const openaiDevSimulator: DevSimulator = {
  name: "openai",
  hasCredentials: (config: Config) => !isPlaceholderSecret(config.openai.apiKey),
  async start(config, options) {
    const simulator = await startOpenAISimulator({ onRequest: options.onRequest });
    return {
      simulator,
      config: {
        ...config,
        // The proxy exists to reach the real API from Russia; the simulator is local.
        openai: { apiKey: simulator.apiKey, baseUrl: simulator.baseURL, proxyUrl: undefined },
      },
    };
  },
};
