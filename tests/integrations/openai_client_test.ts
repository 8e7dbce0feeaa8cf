import assert from "node:assert/strict";
import OpenAI from "openai";
import { writeWav } from "../../integrations/audio/wav.ts";
import {
  createOpenAIClient,
  isTransientOpenAIError,
  openAIConfigured,
  summarize,
  transcribe,
} from "../../integrations/openai/client.ts";
import { startOpenAISimulator } from "../../integrations/openai/simulator.ts";
import { testConfig } from "../helpers/app.ts";

const KEY = "sk-test-client-0123456789";

function configFor(baseURL: string, env: Record<string, string> = {}) {
  return testConfig({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: baseURL, ...env });
}

/** A plain HTTP forward proxy (absolute-form requests), counting what passes through it. */
function startProxy() {
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    seen.push(`${req.method} ${req.url}`);
    const body = req.body ? new Uint8Array(await req.arrayBuffer()) : undefined;
    return await fetch(req.url, { method: req.method, headers: req.headers, body });
  });
  return { url: `http://127.0.0.1:${server.addr.port}`, seen, stop: () => server.shutdown() };
}

Deno.test("transcribe() returns text, language, its ISO code and the duration", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  using ai = createOpenAIClient(configFor(sim.baseURL));
  const wav = writeWav({ seconds: 6, text: "Алло. Это сервисный центр?" });
  const result = await transcribe(ai, { audio: wav, filename: "call_7.wav" });
  assert.deepEqual(result, {
    text: "Алло. Это сервисный центр?",
    language: "russian",
    languageCode: "ru",
    durationS: 6,
    segments: [{ start: 0, end: 1.2, text: "Алло." }, {
      start: 1.2,
      end: 6,
      text: "Это сервисный центр?",
    }],
  });
  const [sent] = sim.requests();
  assert.equal(sent.body.kind === "form" && sent.body.fields.response_format, "verbose_json");
  assert.equal(sent.body.kind === "form" && sent.body.fields.model, "whisper-1");
});

Deno.test("summarize() sends the chat as one prompt and returns the model's summary", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  using ai = createOpenAIClient(configFor(sim.baseURL));
  const at = new Date("2025-06-01T10:00:00Z");
  const summary = await summarize(ai, [
    { author: "Ольга", text: "Клиент оплатил счёт. Закрываем заявку.", at },
    { author: "Пётр", text: "Согласен" },
  ]);
  assert.equal(
    summary.text,
    "Итоги обсуждения: 2 реплики, участники: Ольга (1), Пётр (1).\n- Ольга: Клиент оплатил счёт.\n- Пётр: Согласен",
  );
  assert.equal(summary.model, "gpt-4o-mini");
  assert.equal(summary.finishReason, "stop");
  assert.ok(summary.usage && summary.usage.promptTokens > 0);
  const [sent] = sim.requests();
  const body = sent.body.kind === "json" ? sent.body.value as Record<string, unknown> : {};
  assert.deepEqual(body.messages, [
    {
      role: "system",
      content: body.messages && (body.messages as { content: string }[])[0].content,
    },
    {
      role: "user",
      content:
        "Сообщения чата:\n[2025-06-01T10:00:00.000Z] Ольга: Клиент оплатил счёт. Закрываем заявку.\n" +
        "Пётр: Согласен\nСформируй выжимку.",
    },
  ]);
  assert.deepEqual([body.temperature, body.max_tokens], [0.3, 600]);
});

Deno.test("with CHATGPT_PROXY_URL every call goes through the proxy", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  const proxy = startProxy();
  try {
    using ai = createOpenAIClient(configFor(sim.baseURL, { CHATGPT_PROXY_URL: proxy.url }));
    await summarize(ai, [{ text: "Проверка прокси." }]);
    await transcribe(ai, { audio: writeWav({ seconds: 1 }), filename: "p.wav" });
    assert.deepEqual(proxy.seen, [
      `POST ${sim.baseURL}/chat/completions`,
      `POST ${sim.baseURL}/audio/transcriptions`,
    ]);
    assert.equal(sim.count(), 2);
  } finally {
    await proxy.stop();
  }
});

Deno.test("the request timeout comes from config and a held request times out", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  using ai = createOpenAIClient(configFor(sim.baseURL, { REQUEST_TIMEOUT_S: "0.3" }), {
    maxRetries: 0,
  });
  assert.equal(ai.openai.timeout, 300);
  sim.failNext({ delayMs: 5_000 });
  const err = await summarize(ai, [{ text: "медленно" }]).then(() => null, (e) => e);
  assert.ok(err instanceof OpenAI.APIConnectionTimeoutError, String(err));
  assert.equal(isTransientOpenAIError(err), true);
});

Deno.test("isTransientOpenAIError: retry 429 and 5xx later, never a bad file, a 401 or a 413", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  using ai = createOpenAIClient(configFor(sim.baseURL), { maxRetries: 0 });
  const attempt = (status: number, code?: string) => {
    sim.failNext({ status, code });
    return summarize(ai, [{ text: "x" }]).then(() => null, (e) => e);
  };
  assert.equal(isTransientOpenAIError(await attempt(429)), true);
  assert.equal(isTransientOpenAIError(await attempt(429, "insufficient_quota")), false);
  assert.equal(isTransientOpenAIError(await attempt(503)), true);
  assert.equal(isTransientOpenAIError(await attempt(401)), false);
  const badFile = await transcribe(ai, { audio: new Uint8Array(100), filename: "x.wav" })
    .then(() => null, (e) => e);
  assert.ok(badFile instanceof OpenAI.BadRequestError);
  assert.equal(isTransientOpenAIError(badFile), false);
  assert.equal(isTransientOpenAIError(new Error("not from openai")), false);
  using offline = createOpenAIClient(configFor("http://127.0.0.1:9/v1"), { maxRetries: 0 });
  const refused = await summarize(offline, [{ text: "x" }]).then(() => null, (e) => e);
  assert.ok(refused instanceof OpenAI.APIConnectionError);
  assert.equal(isTransientOpenAIError(refused), true);
});

Deno.test("without OPENAI_API_KEY the client is not configured and refuses to build", () => {
  const config = testConfig();
  assert.equal(openAIConfigured(config), false);
  assert.throws(() => createOpenAIClient(config), /OPENAI_API_KEY is not set/);
  assert.equal(openAIConfigured(configFor("https://api.openai.com/v1")), true);
});
