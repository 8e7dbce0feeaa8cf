/**
 * `POST /v1/chat/completions` of the OpenAI simulator: validates the JSON body like the API
 * (model, messages, roles), answers with a `chat.completion` whose content is the
 * deterministic summary of the messages, or streams it as `chat.completion.chunk` events when
 * `stream: true`. `max_tokens` cuts the answer (`finish_reason: "length"`), `n` repeats it,
 * and `response_format` json modes wrap it as `{"summary": ...}`.
 *
 * @module
 */
import type { Context } from "hono";
import { openaiError, requestId } from "./errors.ts";
import { sseResponse } from "./sse.ts";
import { type ChatMessage, summarizeMessages, textOf } from "./summary.ts";

const ROLES = ["system", "assistant", "user", "function", "tool", "developer"];

/** Settings of the route. */
export interface ChatOptions {
  /** True when the simulator serves `model`. */
  hasModel(model: string): boolean;
}

interface ChatRequest {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  n?: number | null;
  response_format?: { type?: string } | null;
}

/** Rough token count, as the API's usage block reports it (about four characters a token). */
const tokens = (text: string) => Math.ceil(text.length / 4);

function invalid(body: ChatRequest, hasModel: (m: string) => boolean): Response | undefined {
  if (typeof body.model !== "string" || !body.model) {
    return openaiError(400, "you must provide a model parameter");
  }
  if (body.messages === undefined) {
    return openaiError(400, "Missing required parameter: 'messages'.", {
      param: "messages",
      code: "missing_required_parameter",
    });
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return openaiError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      { param: "messages", code: "empty_array" },
    );
  }
  for (const [i, m] of (body.messages as ChatMessage[]).entries()) {
    if (!ROLES.includes(m?.role)) {
      return openaiError(
        400,
        `Invalid value: '${m?.role}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        { param: `messages[${i}].role`, code: "invalid_value" },
      );
    }
  }
  if (!hasModel(body.model)) {
    return openaiError(
      404,
      `The model \`${body.model}\` does not exist or you do not have access to it.`,
      {
        code: "model_not_found",
      },
    );
  }
}

/** Handles one chat completion request. */
export async function chatCompletion(c: Context, options: ChatOptions): Promise<Response> {
  let body: ChatRequest;
  try {
    body = await c.req.json();
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new SyntaxError();
  } catch {
    return openaiError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't " +
        "using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was " +
        "sent was not valid JSON.)",
    );
  }
  const problem = invalid(body, options.hasModel);
  if (problem) return problem;
  const messages = body.messages as ChatMessage[];
  const model = body.model as string;

  let content = summarizeMessages(messages);
  if (
    body.response_format?.type === "json_object" || body.response_format?.type === "json_schema"
  ) {
    content = JSON.stringify({ summary: content });
  }
  let finishReason = "stop";
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (limit && tokens(content) > limit) {
    content = content.slice(0, limit * 4);
    finishReason = "length";
  }
  const usage = {
    prompt_tokens: messages.reduce((n, m) => n + tokens(textOf(m)) + 4, 0),
    completion_tokens: tokens(content),
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const id = "chatcmpl-" + crypto.randomUUID().replaceAll("-", "").slice(0, 24);
  const created = Math.floor(Date.now() / 1000);
  const common = { id, created, model, system_fingerprint: "fp_simulator" };
  const choices = Array.from({ length: Math.max(1, body.n ?? 1) }, (_, index) => index);
  const headers = { "x-request-id": requestId() };

  if (body.stream === true) {
    const chunk = (choice: Record<string, unknown>[]) => ({
      ...common,
      object: "chat.completion.chunk",
      choices: choice,
    });
    const pieces = content.split(/(?<=\s)/);
    const events: unknown[] = [
      chunk(choices.map((index) => ({
        index,
        delta: { role: "assistant", content: "", refusal: null },
        logprobs: null,
        finish_reason: null,
      }))),
      ...pieces.map((piece) =>
        chunk(choices.map((index) => ({
          index,
          delta: { content: piece },
          logprobs: null,
          finish_reason: null,
        })))
      ),
      chunk(
        choices.map((index) => ({ index, delta: {}, logprobs: null, finish_reason: finishReason })),
      ),
    ];
    if (body.stream_options?.include_usage) events.push({ ...chunk([]), usage });
    return sseResponse(events, { done: true, headers });
  }
  return c.json(
    {
      ...common,
      object: "chat.completion",
      choices: choices.map((index) => ({
        index,
        message: { role: "assistant", content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: finishReason,
      })),
      usage,
      service_tier: "default",
    },
    200,
    headers,
  );
}
