// Seed 000's acceptance checks 3–9 (research section 7) under fieldhub's stricter rules.
import assert from "node:assert/strict";
import { request } from "../helpers/app.ts";
import { withTestApp } from "../helpers/with_app.ts";
import { countReturns, createReturnVia, multiLineBody, README_BODY, write } from "./fixtures.ts";

Deno.test("POST /api/v1/returns answers 201 with Location, the key echoed, and the return readable", () =>
  withTestApp(async (t) => {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["OPERATOR"]);
    const res = await write(t.app, "POST", "/api/v1/returns", courier.token, README_BODY, "K-1", {
      "x-request-id": "R-1",
    });
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.equal(res.headers.get("location"), `/api/v1/returns/${body.id}`);
    assert.equal(res.headers.get("idempotency-key"), "K-1");
    assert.equal(res.headers.get("x-request-id"), "R-1");
    assert.equal(body.status, "pending");
    assert.equal(body.manager_id, null);
    assert.equal(body.created_by, courier.user.id);
    assert.deepEqual(
      body.items.map(({ line_id: _, ...i }: Record<string, unknown>) => i),
      [{
        sku: "SKU-1001",
        qty: 1,
        quality: "new",
        reason_code: "customer_changed_mind",
        reason_note: null,
        photos: [],
        imei: null,
        serial: null,
      }],
    );
    const got = await request(t.app, "GET", `/api/v1/returns/${body.id}`, { token: manager.token });
    assert.deepEqual(await got.json(), body);
    const list = await (await request(t.app, "GET", "/api/v1/returns", { token: manager.token }))
      .json();
    assert.deepEqual(list.items.map((r: { id: string }) => r.id), [body.id]);
  }));

Deno.test("a replay with the same key and body returns the stored 201, body and Location; one row", () =>
  withTestApp(async (t) => {
    const { token } = await t.user(["MASTER"]);
    const first = await write(t.app, "POST", "/api/v1/returns", token, README_BODY, "K-replay");
    const firstBody = await first.text();
    // Same JSON with other key order and whitespace is the same request.
    const reordered = JSON.stringify(
      { items: README_BODY.items, courier_id: "courier-001", source: "warehouse" },
      null,
      2,
    );
    const again = await write(t.app, "POST", "/api/v1/returns", token, reordered, "K-replay");
    assert.equal(again.status, 201);
    assert.equal(again.headers.get("idempotent-replayed"), "true");
    assert.equal(again.headers.get("location"), first.headers.get("location"));
    assert.equal(await again.text(), firstBody);
    assert.equal(await countReturns(t.deps.db), 1);
    const audits = await t.deps.db.selectFrom("audit_log").select("id")
      .where("entity", "=", "return").execute();
    assert.equal(audits.length, 1, "the replay changed nothing");
  }));

Deno.test("the same key with another body is refused with 422 and creates nothing", () =>
  withTestApp(async (t) => {
    const { token } = await t.user(["ENGINEER"]);
    assert.equal(
      (await write(t.app, "POST", "/api/v1/returns", token, README_BODY, "K-2")).status,
      201,
    );
    const res = await write(t.app, "POST", "/api/v1/returns", token, {
      ...README_BODY,
      comment: "другое",
    }, "K-2");
    assert.equal(res.status, 422);
    const problem = await res.json();
    assert.equal(problem.title, "Idempotency key reused");
    assert.equal(problem.errors[0].field, "Idempotency-Key");
    assert.equal(await countReturns(t.deps.db), 1);
  }));

Deno.test("20 parallel POSTs with one key create exactly one return", () =>
  withTestApp(async (t) => {
    const { token } = await t.user(["ENGINEER"]);
    const responses = await Promise.all(
      Array.from(
        { length: 20 },
        () => write(t.app, "POST", "/api/v1/returns", token, README_BODY, "K-par"),
      ),
    );
    const statuses = responses.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 201 || s === 409), `statuses: ${statuses}`);
    const ids = new Set<string>();
    for (const r of responses) {
      const body = await r.json();
      if (r.status === 201) ids.add(body.id);
      else assert.equal(body.title, "Idempotency conflict");
    }
    assert.equal(ids.size, 1, "every success names the same return");
    assert.equal(await countReturns(t.deps.db), 1);
    const lines = await t.deps.db.selectFrom("return_lines").select("id").execute();
    assert.equal(lines.length, 1);
  }));

Deno.test("Idempotency-Key: missing → 400, over 128 characters → 400, exactly 128 accepted", () =>
  withTestApp(async (t) => {
    const { token } = await t.user(["ENGINEER"]);
    const missing = await request(t.app, "POST", "/api/v1/returns", { token, body: README_BODY });
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).title, "Invalid Idempotency-Key header");
    const long = await write(t.app, "POST", "/api/v1/returns", token, README_BODY, "k".repeat(129));
    assert.equal(long.status, 400);
    assert.equal((await long.json()).title, "Invalid Idempotency-Key header");
    const max = await write(t.app, "POST", "/api/v1/returns", token, README_BODY, "k".repeat(128));
    assert.equal(max.status, 201);
    await max.body?.cancel();
    const id = crypto.randomUUID();
    for (const method of ["PUT", "DELETE"] as const) {
      const res = await request(t.app, method, `/api/v1/returns/${id}`, {
        token: (await t.user(["ADMIN"])).token,
        body: method === "PUT" ? README_BODY : undefined,
      });
      assert.equal(res.status, 400, `${method} without a key`);
      await res.body?.cancel();
    }
    assert.equal(await countReturns(t.deps.db), 1);
  }));

Deno.test("PUT replaces the whole return: new fields and items, absent optionals cleared, order kept", () =>
  withTestApp(async (t) => {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["SUPERVISOR"]);
    const created = await createReturnVia(t.app, courier.token, multiLineBody());
    const replacement = {
      source: "widget",
      courier_id: "courier-777",
      items: [
        { sku: "SKU-2002", qty: 3, quality: "defect", reason_code: "damaged_package" },
        { sku: "SKU-0001", qty: 1, quality: "unknown", reason_code: "no_defect_found" },
      ],
    };
    const res = await write(
      t.app,
      "PUT",
      `/api/v1/returns/${created.id}`,
      manager.token,
      replacement,
    );
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.courier_id, "courier-777");
    assert.equal(body.source, "widget");
    assert.equal(body.comment, null, "PUT is a full replace");
    assert.equal(body.order_id_1c, null);
    assert.deepEqual(body.items.map((i: { sku: string; qty: number }) => [i.sku, i.qty]), [[
      "SKU-2002",
      3,
    ], ["SKU-0001", 1]]);
    const again = await request(t.app, "GET", `/api/v1/returns/${created.id}`, {
      token: manager.token,
    });
    assert.deepEqual(await again.json(), body);
    const lines = await t.deps.db.selectFrom("return_lines").select("sku").execute();
    assert.equal(lines.length, 2, "old lines are gone");
  }));

Deno.test("DELETE answers 204, GET then 404, and the DELETE replays as 204", () =>
  withTestApp(async (t) => {
    const courier = await t.user(["ENGINEER"]);
    const admin = await t.user(["ADMIN"]);
    const created = await createReturnVia(t.app, courier.token);
    const path = `/api/v1/returns/${created.id}`;
    const deleteWithKey = () => write(t.app, "DELETE", path, admin.token, undefined, "D-1");
    const del = await deleteWithKey();
    assert.equal(del.status, 204);
    assert.equal(await del.text(), "");
    const gone = await request(t.app, "GET", path, { token: admin.token });
    assert.equal(gone.status, 404);
    assert.equal((await gone.json()).title, "Return not found");
    const replay = await deleteWithKey();
    assert.equal(replay.status, 204);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");
    const other = await write(t.app, "DELETE", path, admin.token);
    assert.equal(other.status, 404, "a new key on a deleted return is a 404");
    await other.body?.cancel();
    assert.equal(await countReturns(t.deps.db), 0);
    assert.equal((await t.deps.db.selectFrom("return_lines").select("id").execute()).length, 0);
  }));

Deno.test("GET of an unknown return is 404 'Return not found'; a malformed id is 422 naming return_id", () =>
  withTestApp(async (t) => {
    const { token } = await t.user(["OPERATOR"]);
    const res = await request(t.app, "GET", `/api/v1/returns/${crypto.randomUUID()}`, { token });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
    assert.equal((await res.json()).title, "Return not found");
    const bad = await request(t.app, "GET", "/api/v1/returns/not-a-uuid", { token });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      (await bad.json()).errors.map((e: { field: string; in: string }) => [e.in, e.field]),
      [["path", "return_id"]],
    );
  }));

Deno.test("items keep the order they were sent in", () =>
  withTestApp(async (t) => {
    const courier = await t.user(["ENGINEER"]);
    const created = await createReturnVia(t.app, courier.token, multiLineBody());
    const skus = (created.items as { sku: string }[]).map((i) => i.sku);
    assert.deepEqual(skus, ["SKU-9", "SKU-1", "SKU-5", "SKU-3"]);
    const items = created.items as Record<string, unknown>[];
    assert.equal(items[1].imei, "490154203237518");
    assert.deepEqual(items[1].photos, ["https://cdn.example.test/SKU-1.jpg"]);
    assert.equal(items[1].reason_note, "трещина на экране");
  }));
