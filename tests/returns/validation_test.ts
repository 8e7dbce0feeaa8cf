// Every bad field gets a 4xx naming it, never a 500 or a half-written row.
import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";
import { countReturns, README_BODY, write } from "./fixtures.ts";

const item = README_BODY.items[0];
const withItem = (patch: Record<string, unknown>) => ({
  ...README_BODY,
  items: [{ ...item, ...patch }],
});

/** [case, body, the field the 422 must name]. */
const BAD_BODIES: [string, unknown, string][] = [
  ["qty 0", withItem({ qty: 0 }), "items[0].qty"],
  ["qty fractional", withItem({ qty: 1.5 }), "items[0].qty"],
  ["qty as text", withItem({ qty: "1" }), "items[0].qty"],
  ["unknown quality", withItem({ quality: "broken" }), "items[0].quality"],
  ["blank reason_code", withItem({ reason_code: "   " }), "items[0].reason_code"],
  ["missing sku", withItem({ sku: undefined }), "items[0].sku"],
  ["imei not digits", withItem({ imei: "35-209900-176148-1" }), "items[0].imei"],
  ["photos not a list", withItem({ photos: "a.jpg" }), "items[0].photos"],
  ["too many photos", withItem({ photos: Array(21).fill("p.jpg") }), "items[0].photos"],
  ["reason_note too long", withItem({ reason_note: "x".repeat(1001) }), "items[0].reason_note"],
  ["second item bad", { ...README_BODY, items: [item, { ...item, qty: -1 }] }, "items[1].qty"],
  ["unknown source", { ...README_BODY, source: "mail" }, "source"],
  ["missing courier_id", { ...README_BODY, courier_id: undefined }, "courier_id"],
  ["blank courier_id", { ...README_BODY, courier_id: "" }, "courier_id"],
  ["no items", { ...README_BODY, items: [] }, "items"],
  ["items not a list", { ...README_BODY, items: {} }, "items"],
  ["comment too long", { ...README_BODY, comment: "x".repeat(2001) }, "comment"],
  ["order_id_1c not text", { ...README_BODY, order_id_1c: 42 }, "order_id_1c"],
  ["body not an object", [1, 2], "(root)"],
];

Deno.test("POST /api/v1/returns: each bad field is a 422 naming it, and nothing is written", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["ENGINEER"]);
    for (const [name, body, field] of BAD_BODIES) {
      const res = await write(t.app, "POST", "/api/v1/returns", token, body, undefined, {
        "x-request-id": "req-bad",
      });
      assert.equal(res.status, 422, name);
      const problem = await res.json();
      assert.equal(problem.title, "Validation failed", name);
      assert.equal(problem.request_id, "req-bad", name);
      assert.ok(
        problem.errors.some((e: { field: string }) => e.field === field),
        `${name}: expected ${field}, got ${JSON.stringify(problem.errors)}`,
      );
    }
    assert.equal(await countReturns(t.deps.db), 0);
  } finally {
    await t.close();
  }
});

Deno.test("a failed request does not burn its key: fixed and re-sent with the same key it succeeds", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["ENGINEER"]);
    const bad = await write(t.app, "POST", "/api/v1/returns", token, withItem({ qty: 0 }), "K-fix");
    assert.equal(bad.status, 422);
    await bad.body?.cancel();
    const good = await write(t.app, "POST", "/api/v1/returns", token, README_BODY, "K-fix");
    assert.equal(good.status, 201);
    await good.body?.cancel();
    assert.equal(await countReturns(t.deps.db), 1);
  } finally {
    await t.close();
  }
});

Deno.test("malformed JSON is 400 and a non-JSON body 415, never a 500", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["ENGINEER"]);
    const broken = await write(t.app, "POST", "/api/v1/returns", token, '{"source": "warehouse",');
    assert.equal(broken.status, 400);
    assert.equal((await broken.json()).title, "Malformed JSON");
    const text = await write(
      t.app,
      "POST",
      "/api/v1/returns",
      token,
      "source=warehouse",
      undefined,
      {
        "content-type": "text/plain",
      },
    );
    assert.equal(text.status, 415);
    await text.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("list query: bad page, page_size, status and an inverted date range name their field", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["OPERATOR"]);
    const cases: [string, string][] = [
      ["page=0", "page"],
      ["page_size=0", "page_size"],
      ["page_size=abc", "page_size"],
      ["status=lost", "status"],
      ["source=fax", "source"],
      ["created_from=yesterday", "created_from"],
      ["created_from=2024-02-01T00:00:00Z&created_to=2024-01-01T00:00:00Z", "created_to"],
    ];
    for (const [query, field] of cases) {
      const res = await request(t.app, "GET", `/api/v1/returns?${query}`, { token });
      assert.equal(res.status, 422, query);
      const problem = await res.json();
      assert.deepEqual(problem.errors.map((e: { field: string; in: string }) => [e.in, e.field]), [[
        "query",
        field,
      ]], query);
    }
  } finally {
    await t.close();
  }
});

Deno.test("reject without a reason is 422 naming reason", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["SUPERVISOR"]);
    const id = crypto.randomUUID();
    const res = await write(t.app, "POST", `/api/v1/returns/${id}/reject`, token, { reason: " " });
    assert.equal(res.status, 422);
    assert.equal((await res.json()).errors[0].field, "reason");
    const none = await write(t.app, "POST", `/api/v1/returns/${id}/reject`, token, {});
    assert.equal(none.status, 422);
    assert.equal((await none.json()).errors[0].field, "reason");
  } finally {
    await t.close();
  }
});
