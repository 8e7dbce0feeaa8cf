// The 1C client against the 1C simulator (a real HTTP server on 127.0.0.1).
import assert from "node:assert/strict";
import { createOneCClient, OneCError } from "../../integrations/onec/client.ts";
import { type ReturnDocument, returnKey } from "../../integrations/onec/documents.ts";
import { onecDevSimulator, startOneCSimulator } from "../../integrations/onec/simulator.ts";
import { startDevSimulators } from "../../integrations/dev.ts";
import { testConfig } from "../helpers/app.ts";

function returnDoc(id = crypto.randomUUID(), comment: string | null = null): ReturnDocument {
  return {
    key: returnKey(id),
    kind: "return",
    date: "2024-05-01T12:00:00Z",
    return_id: id,
    order_id_1c: "ЗК-000123",
    source: "warehouse",
    courier_id: "courier-001",
    manager_id: null,
    comment,
    lines: [{
      line_no: 1,
      sku: "SKU-1001",
      qty: 1,
      quality: "new",
      reason_code: "customer_changed_mind",
      reason_note: null,
      imei: null,
      serial: null,
    }],
  };
}

const failure = (p: Promise<unknown>) =>
  p.then(() => assert.fail("expected a OneCError"), (e) => e as OneCError);

Deno.test("1C: a document is created once; a repost with its key returns the same Ref_Key", async () => {
  await using sim = await startOneCSimulator({ user: "Обмен", password: "пароль-1" });
  const onec = createOneCClient({ baseUrl: sim.baseUrl, user: "Обмен", password: "пароль-1" });
  const doc = returnDoc();
  const first = await onec.postDocument(doc);
  assert.equal(first.created, true);
  assert.match(first.Number, /^ФХВ-000001$/);
  const again = await onec.postDocument(doc);
  assert.deepEqual(again, { ...first, created: false });
  assert.equal(sim.documents().length, 1);
  const [req] = sim.requests({ method: "POST" });
  assert.equal(req.headers["idempotency-key"], doc.key);
  assert.match(req.headers.authorization, /^Basic /);
  assert.deepEqual(await onec.getDocument("return", doc.key), again);
  assert.equal(await onec.getDocument("return", returnKey(crypto.randomUUID())), undefined);
});

Deno.test("1C: the same key with other content is a 409 that no retry fixes", async () => {
  await using sim = await startOneCSimulator();
  const onec = createOneCClient({ baseUrl: sim.baseUrl, user: sim.user, password: sim.password });
  const id = crypto.randomUUID();
  await onec.postDocument(returnDoc(id));
  const err = await failure(onec.postDocument(returnDoc(id, "другой")));
  assert.ok(err instanceof OneCError);
  assert.equal(err.status, 409);
  assert.equal(err.code, "key_conflict");
  assert.equal(err.retryable, false);
  assert.equal(sim.documents().length, 1);
});

Deno.test("1C: wrong credentials are 401 and not retryable; an invalid document names its field", async () => {
  await using sim = await startOneCSimulator();
  const wrong = createOneCClient({ baseUrl: sim.baseUrl, user: sim.user, password: "nope" });
  const denied = await failure(wrong.postDocument(returnDoc()));
  assert.equal(denied.status, 401);
  assert.equal(denied.retryable, false);
  const onec = createOneCClient({ baseUrl: sim.baseUrl, user: sim.user, password: sim.password });
  const bad = await failure(onec.postDocument({ ...returnDoc(), lines: [] }));
  assert.equal(bad.status, 400);
  assert.equal(bad.code, "invalid_document");
  assert.match(bad.message, /\(lines\)/);
  assert.equal(sim.documents().length, 0);
});

Deno.test("1C: an outage (503, timeout, connection refused) is retryable and creates nothing", async () => {
  const sim = await startOneCSimulator();
  try {
    const onec = createOneCClient({
      baseUrl: sim.baseUrl,
      user: sim.user,
      password: sim.password,
      timeoutMs: 200,
    });
    sim.failNext({ status: 503, times: 1 });
    const down = await failure(onec.postDocument(returnDoc()));
    assert.equal(down.status, 503);
    assert.equal(down.code, "infobase_unavailable");
    assert.equal(down.retryable, true);
    sim.failNext({ delayMs: 2_000, times: 1 });
    const slow = await failure(onec.postDocument(returnDoc()));
    assert.equal(slow.retryable, true);
    assert.match(slow.message, /did not answer within 200 ms/);
    assert.equal(sim.documents().length, 0);
  } finally {
    await sim.stop();
  }
  const gone = createOneCClient({ baseUrl: sim.baseUrl, user: sim.user, password: sim.password });
  const refused = await failure(gone.postDocument(returnDoc()));
  assert.equal(refused.retryable, true);
  assert.match(refused.message, /unreachable/);
});

Deno.test("deno task dev starts the 1C simulator without real 1C credentials and points the exchange at it", async () => {
  const dev = await startDevSimulators(testConfig(), { registry: [onecDevSimulator] });
  try {
    assert.deepEqual(dev.running.map((r) => r.name), ["onec"]);
    const { baseUrl, user, password } = dev.config.onec;
    assert.equal(baseUrl, dev.running[0].url);
    const onec = createOneCClient({ baseUrl: baseUrl!, user: user!, password: password! });
    assert.equal((await onec.postDocument(returnDoc())).created, true);
  } finally {
    await dev.stop();
  }
  const real = testConfig({
    ONEC_BASE_URL: "https://1c.example.ru/ut11/hs/fieldhub",
    ONEC_USER: "обмен",
    ONEC_PASSWORD: "S3cure-Exchange-Pass",
  });
  const kept = await startDevSimulators(real, { registry: [onecDevSimulator] });
  assert.deepEqual(kept.running, [], "real credentials keep the real 1C");
  assert.equal(kept.config.onec.baseUrl, "https://1c.example.ru/ut11/hs/fieldhub");
  await kept.stop();
});
