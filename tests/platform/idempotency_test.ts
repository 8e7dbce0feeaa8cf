import assert from "node:assert/strict";
import { fingerprintRequest } from "../../platform/idempotency/key.ts";
import { mountRoutes } from "../../platform/rest/route.ts";
import { request, startTestApp, type TestApp } from "../helpers/app.ts";
import { TEST_DATABASE_URL } from "../helpers/db.ts";
import { countNotes, notesRoutes } from "../helpers/notes_route.ts";

const note = { text: "привет", items: [{ sku: "SKU-1", qty: 2 }] };

async function withNotes(fn: (t: TestApp, token: string) => Promise<void>, delayMs?: number) {
  const t = await startTestApp();
  try {
    mountRoutes(t.app, t.deps, notesRoutes({ delayMs }));
    const { token } = await t.user(["ENGINEER"]);
    await fn(t, token);
  } finally {
    await t.close();
  }
}

const post = (t: TestApp, token: string, key: string | undefined, body: unknown) =>
  request(t.app, "POST", "/test/notes", {
    token,
    body,
    headers: key === undefined ? {} : { "idempotency-key": key },
  });

Deno.test("same key and same payload replays the stored response once, whatever the JSON layout", async () => {
  await withNotes(async (t, token) => {
    const first = await post(t, token, "key-1", note);
    assert.equal(first.status, 201);
    assert.equal(first.headers.get("idempotent-replayed"), null);
    const created = await first.json();
    // Same payload, other key order and whitespace.
    const again = await post(
      t,
      token,
      "key-1",
      `{ "items": [ {"qty":2, "sku":"SKU-1"} ],\n "text":"привет" }`,
    );
    assert.equal(again.status, 201);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.equal(again.headers.get("location"), first.headers.get("location"));
    assert.equal(again.headers.get("idempotency-key"), "key-1");
    assert.deepEqual(await again.json(), created);
    assert.equal(await countNotes(t.deps.db), 1);
  });
});

Deno.test("same key with another payload is 422 and has no effect", async () => {
  await withNotes(async (t, token) => {
    assert.equal((await post(t, token, "key-2", note)).status, 201);
    const other = await post(t, token, "key-2", { ...note, text: "другой" });
    assert.equal(other.status, 422);
    const problem = await other.json();
    assert.equal(problem.title, "Idempotency key reused");
    assert.equal(problem.errors[0].field, "Idempotency-Key");
    assert.equal(await countNotes(t.deps.db), 1);
  });
});

Deno.test("a key still in flight gets 409 with Retry-After", async () => {
  await withNotes(async (t, token) => {
    const me = await t.trpc(token).auth.me.query();
    // Another instance claimed this key a moment ago and is still working on it.
    await t.deps.db.insertInto("idempotency_keys").values({
      scope: `user:${me.id}|POST /test/notes`,
      key: "key-3",
      fingerprint: await fingerprintRequest({
        method: "post",
        path: "/test/notes",
        query: {},
        body: note,
      }),
      state: "in_flight",
      locked_until: new Date(Date.now() + 60_000),
      expires_at: new Date(Date.now() + 86_400_000),
    }).execute();
    const res = await post(t, token, "key-3", note);
    assert.equal(res.status, 409);
    assert.equal(res.headers.get("retry-after"), "1");
    assert.equal((await res.json()).title, "Idempotency conflict");
    // The claim of a crashed process expires and the request then runs.
    await t.deps.db.updateTable("idempotency_keys").set({ locked_until: new Date(Date.now() - 1) })
      .where("key", "=", "key-3").execute();
    const retried = await post(t, token, "key-3", note);
    assert.equal(retried.status, 201);
    await retried.body?.cancel();
    assert.equal(await countNotes(t.deps.db), 1);
  });
});

Deno.test({
  name: "two concurrent requests with one key: one runs, the other gets 409 (Postgres)",
  ignore: !TEST_DATABASE_URL,
  fn: async () => {
    await withNotes(async (t, token) => {
      const [a, b] = await Promise.all([
        post(t, token, "key-4", note),
        post(t, token, "key-4", note),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [201, 409]);
      await a.body?.cancel();
      await b.body?.cancel();
      assert.equal(await countNotes(t.deps.db), 1);
    }, 400);
  },
});

Deno.test("a failed request rolls back and releases its key instead of burning it", async () => {
  await withNotes(async (t, token) => {
    const failed = await post(t, token, "key-5", { ...note, text: "explode" });
    assert.equal(failed.status, 409);
    await failed.body?.cancel();
    assert.equal(
      await countNotes(t.deps.db),
      0,
      "the audit row written before the error is rolled back",
    );
    const fixed = await post(t, token, "key-5", note);
    assert.equal(fixed.status, 201, "the client fixes the body and retries with the same key");
    await fixed.body?.cancel();
    const invalid = await post(t, token, "key-6", { text: "" });
    assert.equal(invalid.status, 422);
    await invalid.body?.cancel();
    const valid = await post(t, token, "key-6", note);
    assert.equal(valid.status, 201, "a validation failure stores nothing");
    await valid.body?.cancel();
    assert.equal(await countNotes(t.deps.db), 2);
  });
});

Deno.test("missing, too long or malformed keys are 400 naming the header", async () => {
  await withNotes(async (t, token) => {
    for (const key of [undefined, "", "k".repeat(256), "has space"]) {
      const res = await post(t, token, key, note);
      assert.equal(res.status, 400, `key ${JSON.stringify(key)?.slice(0, 20)}`);
      const p = await res.json();
      assert.equal(p.title, "Invalid Idempotency-Key header");
      assert.equal(p.errors[0].field, "Idempotency-Key");
    }
    assert.equal((await post(t, token, "k".repeat(255), note)).status, 201);
    const { token: sup } = await t.user(["SUPERVISOR"]);
    const put = await request(t.app, "PUT", `/test/notes/${crypto.randomUUID()}`, {
      token: sup,
      body: note,
      headers: { "idempotency-key": "k".repeat(129) },
    });
    assert.equal(put.status, 400, "a route may lower the limit (seed 000: 128)");
    await put.body?.cancel();
    assert.equal(await countNotes(t.deps.db), 1);
  });
});

Deno.test("keys are scoped by caller and expire after the TTL", async () => {
  await withNotes(async (t, token) => {
    const other = await t.user(["ENGINEER"]);
    assert.equal((await post(t, token, "shared", note)).status, 201);
    const theirs = await post(t, other.token, "shared", note);
    assert.equal(theirs.headers.get("idempotent-replayed"), null, "another caller's key is theirs");
    assert.equal(theirs.status, 201);
    await theirs.body?.cancel();
    await t.deps.db.updateTable("idempotency_keys").set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const afterExpiry = await post(t, token, "shared", note);
    assert.equal(afterExpiry.headers.get("idempotent-replayed"), null);
    await afterExpiry.body?.cancel();
    assert.equal(await countNotes(t.deps.db), 3);
  });
});

Deno.test("tRPC mutations honour Idempotency-Key with the same rules", async () => {
  const t = await startTestApp();
  try {
    const admin = await t.user(["ADMIN"]);
    const call = (key: string, input: unknown) =>
      t.app.request("/trpc/auth.createUser", {
        method: "POST",
        headers: {
          authorization: `Bearer ${admin.token}`,
          "content-type": "application/json",
          "idempotency-key": key,
        },
        body: JSON.stringify(input),
      });
    const input = { login: "operator1", password: "password-1", roles: ["OPERATOR"] };
    const first = await call("t-1", input);
    assert.equal(first.status, 200);
    const firstBody = await first.json();
    const replay = await call("t-1", {
      roles: ["OPERATOR"],
      password: "password-1",
      login: "operator1",
    });
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    assert.deepEqual(await replay.json(), firstBody);
    const users = await t.deps.db.selectFrom("users").select("id").where("login", "=", "operator1")
      .execute();
    assert.equal(users.length, 1);
    const mismatch = await call("t-1", { ...input, login: "operator2" });
    assert.equal(mismatch.status, 422);
    const err = await mismatch.json();
    assert.equal(err.error.data.code, "UNPROCESSABLE_CONTENT");
    // Through the typed client too.
    const client = t.trpc(admin.token, { "idempotency-key": "t-2" });
    const a = await client.auth.createUser.mutate({
      login: "op3",
      password: "password-1",
      roles: ["OPERATOR"],
    });
    const b = await client.auth.createUser.mutate({
      login: "op3",
      password: "password-1",
      roles: ["OPERATOR"],
    });
    assert.equal(a.id, b.id);
  } finally {
    await t.close();
  }
});
