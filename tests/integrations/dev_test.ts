import assert from "node:assert/strict";
import { startDevSimulators } from "../../integrations/dev.ts";
import { isPlaceholderSecret } from "../../integrations/harness/dev_entry.ts";
import { createOpenAIClient, summarize } from "../../integrations/openai/client.ts";
import { openaiDevSimulator, SIMULATOR_API_KEY } from "../../integrations/openai/simulator.ts";
import { testConfig } from "../helpers/app.ts";

const REAL_LOOKING_KEY = "sk-proj-Qm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg";
// Other integrations join the default registry; these tests look at the OpenAI entry alone.
const registry = [openaiDevSimulator];

Deno.test("with no OpenAI key, dev starts the OpenAI simulator and points the config at it", async () => {
  const config = testConfig({ CHATGPT_PROXY_URL: "http://proxy.example.com:8080" });
  const dev = await startDevSimulators(config, { registry });
  try {
    assert.deepEqual(dev.running.map((r) => r.name), ["openai"]);
    const [openai] = dev.running;
    assert.match(openai.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(dev.config.openai, {
      apiKey: SIMULATOR_API_KEY,
      baseUrl: `${openai.url}/v1`,
      proxyUrl: undefined,
    });
    assert.equal(dev.config.port, config.port, "the rest of the config is untouched");
    using ai = createOpenAIClient(dev.config);
    const summary = await summarize(ai, [{ author: "Ира", text: "Всё готово." }]);
    assert.match(summary.text, /Ира: Всё готово\./);
    assert.equal(openai.simulator.count({ path: "/v1/chat/completions" }), 1);
  } finally {
    await dev.stop();
  }
  const closed = await fetch(`${dev.running[0].url}/__sim`).then(() => "open", () => "closed");
  assert.equal(closed, "closed");
});

Deno.test("SIMULATORS=auto keeps a real-looking key on the real API; all and off override", async () => {
  const real = testConfig({ OPENAI_API_KEY: REAL_LOOKING_KEY });
  const auto = await startDevSimulators(real, { registry });
  assert.deepEqual(auto.running, []);
  assert.equal(auto.config, real);
  await auto.stop();

  const all = await startDevSimulators(
    testConfig({ OPENAI_API_KEY: REAL_LOOKING_KEY, SIMULATORS: "all" }),
    { registry },
  );
  try {
    assert.deepEqual(all.running.map((r) => r.name), ["openai"]);
    assert.equal(all.config.openai.apiKey, SIMULATOR_API_KEY);
  } finally {
    await all.stop();
  }

  const off = await startDevSimulators(testConfig({ SIMULATORS: "off" }), { registry });
  assert.deepEqual(off.running, []);
  assert.equal(off.config.openai.baseUrl, "https://api.openai.com/v1");

  const example = await startDevSimulators(testConfig({ OPENAI_API_KEY: "sk-..." }), { registry });
  try {
    assert.deepEqual(example.running.map((r) => r.name), ["openai"], "an example key is no key");
  } finally {
    await example.stop();
  }
  assert.throws(
    () => testConfig({ SIMULATORS: "some" }),
    /SIMULATORS: expected one of auto, all, off, got "some"/,
  );
});

Deno.test("a simulator that fails to start leaves none of the others running", async () => {
  const started: string[] = [];
  const failing = {
    name: "broken",
    hasCredentials: () => false,
    start: () => Promise.reject(new Error("port taken")),
  };
  const tracking = {
    ...openaiDevSimulator,
    start: async (...args: Parameters<typeof openaiDevSimulator.start>) => {
      const r = await openaiDevSimulator.start(...args);
      started.push(r.simulator.url);
      return r;
    },
  };
  await assert.rejects(
    startDevSimulators(testConfig(), { registry: [tracking, failing] }),
    /port taken/,
  );
  assert.equal(started.length, 1);
  const state = await fetch(`${started[0]}/__sim`).then(() => "open", () => "closed");
  assert.equal(state, "closed");
});

Deno.test("the default registry includes OpenAI and starts it only without a real key", async () => {
  const none = await startDevSimulators(testConfig());
  try {
    assert.ok(none.running.some((r) => r.name === "openai"));
    assert.equal(none.config.openai.apiKey, SIMULATOR_API_KEY);
  } finally {
    await none.stop();
  }
  const real = await startDevSimulators(testConfig({ OPENAI_API_KEY: REAL_LOOKING_KEY }));
  try {
    assert.ok(!real.running.some((r) => r.name === "openai"));
    assert.equal(real.config.openai.apiKey, REAL_LOOKING_KEY);
  } finally {
    await real.stop();
  }
});

Deno.test("placeholder credentials are recognised; real-looking ones are not", () => {
  for (
    const v of [
      undefined,
      "",
      " ",
      "changeme",
      "sk-...",
      "sk-xxxx",
      "<your key>",
      "your-api-key",
      "sk-example-key",
    ]
  ) {
    assert.equal(isPlaceholderSecret(v), true, String(v));
  }
  for (const v of [REAL_LOOKING_KEY, "sk-abc123def456", "0f1e2d3c4b5a"]) {
    assert.equal(isPlaceholderSecret(v), false, v);
  }
});
