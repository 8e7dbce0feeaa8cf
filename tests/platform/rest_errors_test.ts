import assert from "node:assert/strict";
import { mountRoutes } from "../../platform/rest/route.ts";
import { request, startTestApp } from "../helpers/app.ts";
import { notesRoutes } from "../helpers/notes_route.ts";

Deno.test("bad input gets 422 problem+json naming every failing field and its place", async () => {
  const t = await startTestApp();
  try {
    mountRoutes(t.app, t.deps, notesRoutes());
    const { token } = await t.user(["SUPERVISOR"]);
    const res = await request(t.app, "PUT", "/test/notes/not-a-uuid?notify=maybe", {
      token,
      body: { text: "", items: [{ sku: "A", qty: 1 }, { sku: "B", qty: 0 }] },
      headers: { "x-request-id": "req-422" },
    });
    assert.equal(res.status, 422);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    const body = await res.json();
    assert.equal(body.code, "UNPROCESSABLE_CONTENT");
    assert.equal(body.title, "Validation failed");
    assert.equal(body.request_id, "req-422");
    assert.equal(body.instance, "/test/notes/not-a-uuid");
    assert.deepEqual(
      body.errors.map((e: { field: string; in: string }) => `${e.in}:${e.field}`).sort(),
      ["body:items[1].qty", "body:text", "path:id", "query:notify"],
    );

    const id = crypto.randomUUID();
    const bodyRes = await request(t.app, "PUT", `/test/notes/${id}`, {
      token,
      body: { text: "", items: [{ sku: "A", qty: 1 }, { sku: "B", qty: 0 }] },
    });
    const problem = await bodyRes.json();
    assert.equal(bodyRes.status, 422);
    assert.deepEqual(problem.errors.map((e: { field: string }) => e.field).sort(), [
      "items[1].qty",
      "text",
    ]);
    assert.ok(problem.errors.every((e: { in: string }) => e.in === "body"));

    const queryRes = await request(t.app, "PUT", `/test/notes/${id}?notify=maybe`, {
      token,
      body: { text: "ok", items: [{ sku: "A", qty: 1 }] },
    });
    assert.equal(queryRes.status, 422);
    assert.deepEqual((await queryRes.json()).errors[0], {
      field: "notify",
      in: "query",
      message: 'Invalid option: expected one of "yes"|"no"',
    });
  } finally {
    await t.close();
  }
});

Deno.test("malformed JSON is a 400 and a wrong content type a 415, never a 500", async () => {
  const t = await startTestApp();
  try {
    mountRoutes(t.app, t.deps, notesRoutes());
    const { token } = await t.user(["SUPERVISOR"]);
    const id = crypto.randomUUID();
    const bad = await request(t.app, "PUT", `/test/notes/${id}`, { token, body: "{not json" });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).title, "Malformed JSON");
    const text = await request(t.app, "PUT", `/test/notes/${id}`, {
      token,
      body: "text=1",
      headers: { "content-type": "text/plain" },
    });
    assert.equal(text.status, 415);
    await text.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("REST routes answer 401 without a token and 403 without the role", async () => {
  const t = await startTestApp();
  try {
    mountRoutes(t.app, t.deps, notesRoutes());
    const id = crypto.randomUUID();
    const body = { text: "x", items: [{ sku: "A", qty: 1 }] };
    const anon = await request(t.app, "PUT", `/test/notes/${id}`, { body });
    assert.equal(anon.status, 401);
    assert.equal(anon.headers.get("www-authenticate"), "Bearer");
    await anon.body?.cancel();
    const { token } = await t.user(["ENGINEER"]);
    const engineer = await request(t.app, "PUT", `/test/notes/${id}`, { token, body });
    assert.equal(engineer.status, 403);
    assert.equal((await engineer.json()).code, "FORBIDDEN");
    const admin = await t.user(["ADMIN"]);
    const ok = await request(t.app, "PUT", `/test/notes/${id}`, { token: admin.token, body });
    assert.equal(ok.status, 200, "ADMIN passes every role check");
    await ok.body?.cancel();
    const forged = await request(t.app, "PUT", `/test/notes/${id}`, { token: "abc.def.ghi", body });
    assert.equal(forged.status, 401);
    assert.equal((await forged.json()).detail, "Invalid token");
  } finally {
    await t.close();
  }
});
