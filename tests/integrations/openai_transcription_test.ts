import assert from "node:assert/strict";
import OpenAI from "openai";
import { writeSilentMp3 } from "../../integrations/audio/mp3.ts";
import { writeWav } from "../../integrations/audio/wav.ts";
import { startOpenAISimulator } from "../../integrations/openai/simulator.ts";

const KEY = "sk-test-transcriptions-0123456789";

async function setup(options: { maxRetries?: number } = {}) {
  const sim = await startOpenAISimulator({ apiKey: KEY });
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL, maxRetries: options.maxRetries });
  return { sim, client };
}

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const err = await promise.then(() => null, (e) => e);
  assert.ok(err instanceof OpenAI.APIError, `expected an APIError, got ${err}`);
  return err;
}

const TEXT = "Здравствуйте, сервисный центр. Мастер приедет завтра утром.";

Deno.test("verbose_json of a generated WAV returns its text, language and duration", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  const wav = writeWav({ seconds: 4, text: TEXT, language: "ru" });
  const result = await client.audio.transcriptions.create({
    file: await OpenAI.toFile(wav, "call_42.wav"),
    model: "whisper-1",
    response_format: "verbose_json",
    timestamp_granularities: ["segment", "word"],
  });
  assert.equal(result.text, TEXT);
  assert.equal(result.language, "russian");
  assert.equal(result.duration, 4);
  assert.deepEqual(result.segments?.map((s) => [s.start, s.end, s.text]), [
    // Time is shared by length: 30 and 28 characters of 4 s.
    [0, 2.07, " Здравствуйте, сервисный центр."],
    [2.07, 4, " Мастер приедет завтра утром."],
  ]);
  assert.deepEqual(result.words?.map((w) => w.word), [
    "Здравствуйте",
    "сервисный",
    "центр",
    "Мастер",
    "приедет",
    "завтра",
    "утром",
  ]);
  assert.deepEqual(result.usage, { type: "duration", seconds: 4 });
  const [recorded] = sim.requests({ path: "/v1/audio/transcriptions" });
  assert.equal(recorded.status, 200);
  assert.equal(
    recorded.body.kind === "form" && recorded.body.fields.response_format,
    "verbose_json",
  );
  assert.deepEqual(
    recorded.body.kind === "form" && recorded.body.fields["timestamp_granularities[]"],
    [
      "segment",
      "word",
    ],
  );
});

Deno.test("json and text formats carry the same transcript; a language hint names the language", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  const file = () => OpenAI.toFile(writeWav({ seconds: 2, text: "Добрый день." }), "a.wav");
  const json = await client.audio.transcriptions.create({ file: await file(), model: "whisper-1" });
  assert.equal(json.text, "Добрый день.");
  const text = await client.audio.transcriptions.create({
    file: await file(),
    model: "whisper-1",
    response_format: "text",
  });
  assert.equal(text, "Добрый день.\n");
  const srt = await client.audio.transcriptions.create({
    file: await file(),
    model: "whisper-1",
    response_format: "srt",
  });
  assert.equal(srt, "1\n00:00:00,000 --> 00:00:02,000\nДобрый день.\n");
  const english = await client.audio.transcriptions.create({
    file: await file(),
    model: "whisper-1",
    response_format: "verbose_json",
    language: "en",
  });
  assert.equal(english.language, "english");
});

Deno.test("without embedded text the transcript is chosen by the bytes: stable per file, one sentence per ~5 s", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  const ask = async (bytes: Uint8Array, name: string) =>
    await client.audio.transcriptions.create({
      file: await OpenAI.toFile(bytes, name),
      model: "whisper-1",
      response_format: "verbose_json",
    });
  const a = writeWav({ seconds: 20, toneHz: 440 });
  const first = await ask(a, "a.wav");
  const again = await ask(a, "a-copy.wav");
  assert.equal(first.text, again.text);
  assert.equal(first.duration, 20);
  assert.equal(first.segments?.length, 4);
  assert.match(first.text, /[А-Яа-я]/);
  const others = new Set<string>();
  for (const hz of [300, 350, 500, 620]) {
    others.add((await ask(writeWav({ seconds: 20, toneHz: hz }), "b.wav")).text);
  }
  assert.ok(others.size > 1, "different recordings read differently");

  const mp3 = await ask(writeSilentMp3(3), "call.mp3");
  assert.equal(mp3.duration, 84 * 1152 / 32000); // 84 frames of 1152 samples at 32 kHz
  const silence = await ask(writeWav({ seconds: 3, amplitude: 0 }), "quiet.wav");
  assert.deepEqual([silence.text, silence.segments], ["", []]);
});

Deno.test("a non-audio upload is a BadRequestError with OpenAI's messages", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  const junk = new TextEncoder().encode("this is a text document, not a recording");
  const wrongType = await rejection(client.audio.transcriptions.create({
    file: await OpenAI.toFile(junk, "notes.txt"),
    model: "whisper-1",
  }));
  assert.ok(wrongType instanceof OpenAI.BadRequestError);
  assert.match(
    wrongType.message,
    /^400 Invalid file format\. Supported formats: \['flac', 'm4a', 'mp3'/,
  );
  assert.equal(wrongType.type, "invalid_request_error");

  const corrupt = await rejection(client.audio.transcriptions.create({
    file: await OpenAI.toFile(junk, "call.wav"),
    model: "whisper-1",
  }));
  assert.ok(corrupt instanceof OpenAI.BadRequestError);
  assert.equal(
    corrupt.message,
    "400 The audio file could not be decoded or its format is not supported.",
  );
  assert.deepEqual([corrupt.param, corrupt.code], [null, null]);
  assert.match(corrupt.headers?.get("x-simulator-note") ?? "", /^invalid:/);

  const short = await rejection(client.audio.transcriptions.create({
    file: await OpenAI.toFile(writeWav({ seconds: 0.05 }), "blip.wav"),
    model: "whisper-1",
  }));
  assert.equal(short.code, "audio_too_short");
  const badLanguage = await rejection(client.audio.transcriptions.create({
    file: await OpenAI.toFile(writeWav({ seconds: 1 }), "a.wav"),
    model: "whisper-1",
    language: "russian",
  }));
  assert.equal(badLanguage.param, "language");
  assert.equal(sim.count({ status: 400 }), 4);
});

Deno.test("an upload over 25 MiB gets 413 like the API and is not retried", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  const big = writeWav({ seconds: 1650, amplitude: 0 }); // 26.4 MB at 8 kHz 16-bit
  const err = await rejection(client.audio.transcriptions.create({
    file: await OpenAI.toFile(big, "long_call.wav"),
    model: "whisper-1",
  }));
  assert.equal(err.status, 413);
  assert.match(
    err.message,
    /^413 Maximum content size limit \(26214400\) exceeded \(\d+ bytes read\)$/,
  );
  assert.equal(err.type, "server_error");
  assert.equal(sim.count(), 1);
  assert.equal(sim.requests()[0].body.kind, "discarded");
});

Deno.test("a wrong key is an AuthenticationError naming the masked key", async () => {
  const sim = await startOpenAISimulator({ apiKey: KEY });
  await using _ = sim;
  const client = new OpenAI({ apiKey: "sk-wrong-key-9999", baseURL: sim.baseURL });
  const err = await rejection(client.audio.transcriptions.create({
    file: await OpenAI.toFile(writeWav({ seconds: 1 }), "a.wav"),
    model: "whisper-1",
  }));
  assert.ok(err instanceof OpenAI.AuthenticationError);
  assert.equal(err.code, "invalid_api_key");
  assert.match(err.message, /Incorrect API key provided: sk-\*+9999\./);
  assert.equal(sim.count(), 1, "a 401 is not retried");
});

Deno.test("an injected 429 with retry-after is retried by the client, which then succeeds", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  sim.failNext({ status: 429, retryAfterS: 0.2, path: "/v1/audio/transcriptions" });
  const wav = writeWav({ seconds: 2, text: "Повторите, пожалуйста." });
  const started = performance.now();
  const result = await client.audio.transcriptions.create({
    file: await OpenAI.toFile(wav, "retry.wav"),
    model: "whisper-1",
    response_format: "verbose_json",
  });
  assert.equal(result.text, "Повторите, пожалуйста.");
  assert.ok(performance.now() - started >= 190, "the client waited for retry-after");
  const seen = sim.requests({ path: "/v1/audio/transcriptions" });
  assert.deepEqual(seen.map((r) => r.status), [429, 200]);
  const hashes = seen.map((r) =>
    r.body.kind === "form" && !Array.isArray(r.body.fields.file) &&
    typeof r.body.fields.file === "object" && r.body.fields.file.sha256
  );
  assert.equal(hashes[0], hashes[1], "the same recording was sent twice");
});

Deno.test("the rate limit answers RateLimitError with retry-after and OpenAI's error body", async () => {
  const sim = await startOpenAISimulator({
    apiKey: KEY,
    rateLimit: { limit: 1, windowMs: 60_000 },
  });
  await using _ = sim;
  const client = new OpenAI({ apiKey: KEY, baseURL: sim.baseURL, maxRetries: 0 });
  const file = () => OpenAI.toFile(writeWav({ seconds: 1 }), "a.wav");
  await client.audio.transcriptions.create({ file: await file(), model: "whisper-1" });
  const err = await rejection(
    client.audio.transcriptions.create({ file: await file(), model: "whisper-1" }),
  );
  assert.ok(err instanceof OpenAI.RateLimitError);
  assert.deepEqual([err.type, err.code], ["requests", "rate_limit_exceeded"]);
  assert.equal(err.headers?.get("retry-after"), "60");
  assert.match(err.message, /Rate limit reached .* Limit 1, Used 1, Requested 1/);
});

Deno.test("gpt-4o transcription models answer json only and stream text deltas", async () => {
  const { sim, client } = await setup();
  await using _ = sim;
  const file = () => OpenAI.toFile(writeWav({ seconds: 2, text: "Один два три." }), "a.wav");
  const err = await rejection(client.audio.transcriptions.create({
    file: await file(),
    model: "gpt-4o-transcribe",
    response_format: "verbose_json",
  }));
  assert.deepEqual([err.status, err.param], [400, "response_format"]);
  const stream = await client.audio.transcriptions.create({
    file: await file(),
    model: "gpt-4o-mini-transcribe",
    stream: true,
  });
  const events = [];
  for await (const event of stream) events.push(event);
  const text = events.map((e) => e.type === "transcript.text.delta" ? e.delta : "").join("");
  assert.equal(text, "Один два три.");
  assert.deepEqual(events.at(-1), { type: "transcript.text.done", text: "Один два три." });
  const unknown = await rejection(
    client.audio.transcriptions.create({ file: await file(), model: "whisper-9" }),
  );
  assert.ok(unknown instanceof OpenAI.NotFoundError);
});
