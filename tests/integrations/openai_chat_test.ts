import assert from "node:assert/strict";
import OpenAI from "openai";
import { startOpenAISimulator } from "../../integrations/openai/simulator.ts";

const KEY = "sk-test-chat-0123456789";
const CHAT = [
  "Сообщения чата:",
  "[1718000000000] Анна: Клиент просит перенести визит на пятницу. Я уже позвонила.",
  "[1718000005000] Борис: Хорошо, мастер свободен после обеда",
  "[1718000009000] Анна: Тогда подтверждаю на 15:00!",
  "Сформируй выжимку.",
].join("\n");
const SUMMARY = [
  "Итоги обсуждения: 3 реплики, участники: Анна (2), Борис (1).",
  "- Анна: Клиент просит перенести визит на пятницу.",
  "- Борис: Хорошо, мастер свободен после обеда",
  "- Анна: Тогда подтверждаю на 15:00!",
].join("\n");

Deno.test("a chat completion returns the deterministic summary of the messages", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL });
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "system", content: "Ты делаешь выжимки." }, { role: "user", content: CHAT }],
    temperature: 0.3,
  });
  assert.equal(completion.object, "chat.completion");
  assert.equal(completion.model, "gpt-4o-mini");
  assert.equal(completion.choices[0].message.content, SUMMARY);
  assert.equal(completion.choices[0].finish_reason, "stop");
  assert.ok(completion.usage && completion.usage.prompt_tokens > 0);
  assert.equal(
    completion.usage?.total_tokens,
    completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
  );
  const [recorded] = sim.requests({ path: "/v1/chat/completions" });
  assert.equal(
    recorded.body.kind === "json" && (recorded.body.value as { temperature: number }).temperature,
    0.3,
  );
  assert.equal(recorded.headers.authorization, `Bearer ${KEY}`);
});

Deno.test("stream: true sends the same summary as chunks ending in [DONE], with usage on request", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL });
  const stream = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: CHAT }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let finish: string | null = null;
  let usage;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta.content ?? "";
    finish = chunk.choices[0]?.finish_reason ?? finish;
    usage = chunk.usage ?? usage;
  }
  assert.equal(text, SUMMARY);
  assert.equal(finish, "stop");
  assert.ok(chunks > 5, "streamed in pieces");
  assert.ok(usage && usage.completion_tokens > 0);
});

Deno.test("max_tokens cuts the answer with finish_reason length; json mode wraps it", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL });
  const messages = [{ role: "user" as const, content: CHAT }];
  const cut = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages,
    max_tokens: 5,
  });
  assert.equal(cut.choices[0].finish_reason, "length");
  assert.equal(cut.choices[0].message.content, SUMMARY.slice(0, 20));
  const json = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages,
    response_format: { type: "json_object" },
  });
  assert.deepEqual(JSON.parse(json.choices[0].message.content!), { summary: SUMMARY });
});

Deno.test("bad chat requests get the API's errors: unknown model 404, empty messages 400", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY, models: ["gpt-4o-mini"] });
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL, maxRetries: 0 });
  const unknown = await client.chat.completions.create({
    model: "gpt-4o",
    messages: [{ role: "user", content: "hi" }],
  }).then(() => null, (e) => e);
  assert.ok(unknown instanceof OpenAI.NotFoundError);
  assert.equal(unknown.code, "model_not_found");
  const empty = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [] })
    .then(() => null, (e) => e);
  assert.ok(empty instanceof OpenAI.BadRequestError);
  assert.deepEqual([empty.param, empty.code], ["messages", "empty_array"]);
  const raw = await fetch(`${sim.baseURL}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(raw.status, 400);
  assert.match((await raw.json()).error.message, /could not parse the JSON body/);
  const missing = await fetch(`${sim.baseURL}/chat/completions`, { method: "POST", body: "{}" });
  assert.equal(missing.status, 401);
  assert.match((await missing.json()).error.message, /You didn't provide an API key/);
  const nowhere = await fetch(`${sim.baseURL}/embeddings`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}` },
  });
  assert.equal(nowhere.status, 404);
  assert.deepEqual((await nowhere.json()).error.message, "Invalid URL (POST /v1/embeddings)");
});

Deno.test("injected 500s are retried by the client until the simulator answers", async () => {
  await using sim = await startOpenAISimulator({ apiKey: KEY });
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL, maxRetries: 2 });
  sim.failNext({ status: 500, times: 2, retryAfterS: 0 });
  const completion = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Анна: Проверка связи." }],
  });
  assert.equal(
    completion.choices[0].message.content,
    "Итоги обсуждения: 1 реплика, участники: Анна (1).\n- Анна: Проверка связи.",
  );
  assert.deepEqual(sim.requests().map((r) => r.status), [500, 500, 200]);
  sim.failNext({ status: 503, times: 3, retryAfterS: 0 });
  const failed = await client.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "x" }],
  }).then(() => null, (e) => e);
  assert.ok(failed instanceof OpenAI.InternalServerError);
  assert.equal(failed.status, 503);
  assert.equal(sim.count(), 6);
});
