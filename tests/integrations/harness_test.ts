import assert from "node:assert/strict";
import { Hono } from "hono";
import { type SimulatorOptions, startSimulator } from "../../integrations/harness/simulator.ts";

/** A toy third party: echoes what it got; errors as `{"fault": {...}}`. */
function echoSimulator(extra: Partial<SimulatorOptions> = {}) {
  const app = new Hono();
  app.all("/api/*", async (c) => c.json({ echoed: c.req.path, body: await c.req.text() }));
  return startSimulator({
    name: "echo",
    app,
    renderError: (status, d) => Response.json({ fault: { status, ...d } }, { status }),
    ...extra,
  });
}

async function send(url: string, init?: RequestInit) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

Deno.test("the harness serves the integration on 127.0.0.1 and records each request", async () => {
  await using sim = await echoSimulator();
  assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const json = await send(`${sim.url}/api/items?page=2&tag=a&tag=b`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-trace": "t1" },
    body: JSON.stringify({ qty: 3 }),
  });
  assert.deepEqual(json.body, { echoed: "/api/items", body: '{"qty":3}' });
  const form = new FormData();
  form.append("model", "m1");
  form.append("file", new File([new Uint8Array([1, 2, 3])], "a.bin", { type: "x/y" }));
  await send(`${sim.url}/api/upload`, { method: "POST", body: form });

  const [first, second] = sim.requests();
  assert.equal(first.seq, 1);
  assert.equal(first.method, "POST");
  assert.equal(first.path, "/api/items");
  assert.deepEqual(first.query, { page: "2", tag: ["a", "b"] });
  assert.equal(first.headers["x-trace"], "t1");
  assert.deepEqual(first.body, { kind: "json", bytes: 9, value: { qty: 3 } });
  assert.equal(first.status, 200);
  assert.ok(!Number.isNaN(Date.parse(first.at)));
  assert.equal(second.body.kind, "form");
  assert.deepEqual(second.body.kind === "form" && second.body.fields, {
    model: "m1",
    file: {
      filename: "a.bin",
      type: "x/y",
      size: 3,
      // sha256 of bytes 01 02 03
      sha256: "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
    },
  });
  assert.equal(sim.count({ path: "/api/upload" }), 1);
  assert.equal(sim.count({ method: "get" }), 0);
});

Deno.test("failNext answers the next N matching requests with the status and Retry-After", async () => {
  await using sim = await echoSimulator();
  sim.failNext({ status: 503, times: 2, retryAfterS: 1.5, path: "/api/a", message: "busy" });
  const statuses = [];
  for (const path of ["/api/b", "/api/a", "/api/a/sub", "/api/a"]) {
    const res = await send(`${sim.url}${path}`);
    statuses.push(res.status);
    if (res.status === 503) {
      assert.equal(res.headers.get("retry-after"), "1.5");
      assert.deepEqual(res.body, { fault: { status: 503, reason: "fault", message: "busy" } });
    }
  }
  assert.deepEqual(statuses, [200, 503, 503, 200]);
  assert.deepEqual(sim.requests().map((r) => r.harness ?? null), [null, "fault", "fault", null]);
  assert.deepEqual(sim.faults(), []);
  assert.throws(() => sim.failNext({ status: 200 }), /status/);
  assert.throws(() => sim.failNext({ times: 2 }), /a fault needs a status, a delayMs, or both/);
});

Deno.test("a delay fault holds the request; stop() releases held requests", async () => {
  await using sim = await echoSimulator();
  sim.failNext({ delayMs: 150 });
  const started = performance.now();
  assert.equal((await send(`${sim.url}/api/slow`)).status, 200);
  assert.ok(performance.now() - started >= 140, "the answer waited for the delay");

  sim.failNext({ delayMs: 60_000, times: "always" });
  const pending = fetch(`${sim.url}/api/stuck`).then((r) => r.body?.cancel(), () => "failed");
  while (sim.count({ path: "/api/stuck" }) === 0) await new Promise((r) => setTimeout(r, 10));
  const stopping = performance.now();
  await sim.stop();
  await sim.stop(); // twice is fine
  assert.ok(performance.now() - stopping < 5_000, "stop did not wait for the 60 s delay");
  await pending;
});

Deno.test("a rate limit answers 429 with a whole-second Retry-After once the window is full", async () => {
  await using sim = await echoSimulator({ rateLimit: { limit: 2, windowMs: 60_000 } });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await send(`${sim.url}/api/x`)).status);
  assert.deepEqual(statuses, [200, 200, 429]);
  const [rejected] = sim.requests({ status: 429 });
  assert.equal(rejected.harness, "rate_limit");
  const res = await send(`${sim.url}/api/x`);
  assert.equal(res.body.fault.reason, "rate_limit");
  assert.equal(res.body.fault.limit, 2);
  const retryAfter = Number(res.headers.get("retry-after"));
  assert.ok(retryAfter >= 59 && retryAfter <= 60, `retry-after ${retryAfter}`);
  sim.setRateLimit(null);
  assert.equal((await send(`${sim.url}/api/x`)).status, 200);
});

Deno.test("a body over the size limit gets 413 after the whole body is read, and is not kept", async () => {
  await using sim = await echoSimulator({ maxBodyBytes: 1000 });
  const res = await send(`${sim.url}/api/upload`, { method: "POST", body: new Uint8Array(5000) });
  assert.equal(res.status, 413);
  assert.deepEqual(res.body.fault, {
    status: 413,
    reason: "too_large",
    bytesRead: 5000,
    limit: 1000,
  });
  assert.deepEqual(sim.requests()[0].body, { kind: "discarded", bytes: 5000 });
  assert.equal(
    (await send(`${sim.url}/api/upload`, { method: "POST", body: "small" })).status,
    200,
  );
});

Deno.test("the /__sim control endpoints list, inject, limit and reset over HTTP", async () => {
  await using sim = await echoSimulator();
  const control = (path: string, method = "GET", body?: unknown) =>
    send(`${sim.url}/__sim${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  await fetch(`${sim.url}/api/one`).then((r) => r.body?.cancel());

  const info = await control("");
  assert.deepEqual(info.body, {
    name: "echo",
    url: sim.url,
    requests: 1,
    faults: [],
    rateLimit: null,
  });
  const listed = await control("/requests?path=/api/one");
  assert.equal(listed.body.requests.length, 1);
  assert.equal(listed.body.requests[0].path, "/api/one");

  const queued = await control("/faults", "POST", { status: 500, times: 1, code: "boom" });
  assert.equal(queued.status, 201);
  assert.equal(queued.body.fault.status, 500);
  assert.equal((await control("/faults")).body.faults.length, 1);
  const failed = await send(`${sim.url}/api/two`);
  assert.deepEqual([failed.status, failed.body.fault.code], [500, "boom"]);

  const bad = await control("/faults", "POST", { status: "teapot" });
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /status/);
  assert.equal((await control("/faults", "POST", { status: 500, colour: "red" })).status, 400);
  assert.equal(
    await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: "{" }).then((r) => r.status),
    400,
  );

  assert.equal((await control("/rate-limit", "PUT", { limit: 1, windowMs: 60_000 })).status, 200);
  assert.equal((await send(`${sim.url}/api/three`)).status, 200);
  assert.equal((await send(`${sim.url}/api/four`)).status, 429);
  assert.equal((await control("/rate-limit", "PUT", { limit: 0 })).status, 400);

  await fetch(`${sim.url}/__sim/requests`, { method: "DELETE" }).then((r) => r.body?.cancel());
  assert.equal(sim.count(), 0);
  await control("/faults", "POST", { status: 502, times: "always" });
  await fetch(`${sim.url}/__sim/reset`, { method: "POST" }).then((r) => r.body?.cancel());
  assert.deepEqual([sim.faults(), sim.rateLimit(), sim.count()], [[], null, 0]);
  assert.equal((await send(`${sim.url}/api/five`)).status, 200);
  assert.equal((await control("/nothing")).status, 404);
  assert.equal(sim.count(), 1, "control requests are not recorded");
});
