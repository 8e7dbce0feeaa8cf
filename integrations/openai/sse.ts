/**
 * Server-sent events as OpenAI streams them: one `data: <json>` event per chunk and, for chat
 * completions, a closing `data: [DONE]`.
 *
 * @module
 */

/** Options of {@link sseResponse}. */
export interface SseOptions {
  /** End with `data: [DONE]` (chat completions do; transcription streams end with their `done` event). */
  done: boolean;
  headers?: Record<string, string>;
}

/**
 * A `text/event-stream` response sending `events` in order.
 *
 * @example
 * ```ts
 * return sseResponse([{ choices: [{ delta: { content: "Hi" } }] }], { done: true });
 * ```
 */
export function sseResponse(events: unknown[], options: SseOptions): Response {
  const encoder = new TextEncoder();
  const lines = events.map((e) => `data: ${JSON.stringify(e)}\n\n`);
  if (options.done) lines.push("data: [DONE]\n\n");
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < lines.length) controller.enqueue(encoder.encode(lines[i++]));
      else controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      ...options.headers,
    },
  });
}
