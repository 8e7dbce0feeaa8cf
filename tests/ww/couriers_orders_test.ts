// Seed 000 check 24 (couriers) and the order resource of the Walking Warehouse.
import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";
import { cast, createOrder, expectJson, orderBody, wwGet, wwWrite } from "./fixtures.ts";

Deno.test("couriers: create 201 with Location, list and search, duplicate 409, unknown 404", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    await expectJson(
      await wwWrite(t, "POST", "/couriers", c.dispatcher, {
        id: "courier-002",
        display_name: "Анна",
      }),
      201,
    );
    const dup = await wwWrite(t, "POST", "/couriers", c.dispatcher, {
      id: "courier-001",
      display_name: "X",
    });
    assert.equal(dup.status, 409);
    assert.equal((await dup.json()).title, "Courier already exists");
    const all = await expectJson(await wwGet(t, "/couriers", c.dispatcher), 200);
    assert.deepEqual(all.items.map((x: { id: string }) => x.id), ["courier-001", "courier-002"]);
    assert.equal(all.total_items, 2);
    const found = await expectJson(
      await wwGet(t, "/couriers?q=%D0%B8%D0%B2%D0%B0%D0%BD", c.dispatcher),
      200,
    );
    assert.deepEqual(
      found.items.map((x: { id: string }) => x.id),
      ["courier-001"],
      "case-insensitive «иван»",
    );
    assert.equal(found.items[0].phone, "+7 912 345-67-89");
    const missing = await wwGet(t, "/couriers/nobody", c.dispatcher);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).title, "Courier not found");
    const orderForGhost = await wwWrite(
      t,
      "POST",
      "/orders",
      c.dispatcher,
      orderBody({ courier_id: "ghost" }),
    );
    assert.equal(orderForGhost.status, 404, "an order for an unknown courier");
    assert.equal((await orderForGhost.json()).title, "Courier not found");
    const patched = await expectJson(
      await wwWrite(t, "PATCH", "/couriers/courier-002", c.dispatcher, { is_active: false }),
      200,
    );
    assert.equal(patched.is_active, false);
  } finally {
    await t.close();
  }
});

Deno.test("the courier's phone is masked in the audit log", async () => {
  const t = await startTestApp();
  try {
    await cast(t);
    const rows = await t.deps.db.selectFrom("audit_log").select(["after"]).where(
      "entity",
      "=",
      "ww_courier",
    )
      .execute();
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows[0].after);
    assert.ok(!text.includes("345-67"), text);
    assert.ok(text.includes("***89"), text);
  } finally {
    await t.close();
  }
});

Deno.test("orders: 201 with Location, amounts as kopecks shown as decimals, items in order, 409 on a taken id", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const res = await wwWrite(
      t,
      "POST",
      "/orders",
      c.dispatcher,
      orderBody({ id: "ORD-1", notes: "домофон 12" }),
    );
    const order = await expectJson(res, 201);
    assert.equal(res.headers.get("location"), "/api/v1/ww/orders/ORD-1");
    assert.equal(order.status, "NEW");
    assert.equal(order.currency_code, "RUB");
    assert.equal(order.total_amount, "81971.00", "79990.00 + 2 × 990.50");
    assert.deepEqual(order.items.map((i: { sku: string; price: string }) => [i.sku, i.price]), [
      ["IP15-128", "79990.00"],
      ["CASE-1", "990.50"],
    ]);
    const row = await t.deps.db.selectFrom("ww_orders").select("total_kopecks").where(
      "id",
      "=",
      "ORD-1",
    )
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.total_kopecks), 8_197_100);
    const dup = await wwWrite(t, "POST", "/orders", c.dispatcher, orderBody({ id: "ORD-1" }));
    assert.equal(dup.status, 409);
    await dup.body?.cancel();
    const explicit = await createOrder(t, c.dispatcher, { total_amount: 100 });
    assert.equal(explicit.total_amount, "100.00", "an explicit total (delivery, discount) is kept");
    const patched = await expectJson(
      await wwWrite(t, "PATCH", "/orders/ORD-1", c.dispatcher, {
        items: [{ sku: "A", name: "a", qty: 3, price: "0.10" }],
      }),
      200,
    );
    assert.equal(patched.total_amount, "0.30", "items replaced, total recomputed");
    assert.equal(patched.notes, "домофон 12", "PATCH keeps what it does not name");
  } finally {
    await t.close();
  }
});

Deno.test("WW bad fields are 422s naming them", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const cases: [string, string, unknown, string][] = [
      ["/couriers", "POST", { id: "has space", display_name: "x" }, "id"],
      ["/couriers", "POST", { id: "c-9", display_name: "" }, "display_name"],
      ["/couriers", "POST", { id: "c-9", display_name: "x", phone: "call me" }, "phone"],
      ["/orders", "POST", orderBody({ items: [] }), "items"],
      [
        "/orders",
        "POST",
        orderBody({ items: [{ sku: "A", name: "a", qty: 0, price: 1 }] }),
        "items[0].qty",
      ],
      [
        "/orders",
        "POST",
        orderBody({ items: [{ sku: "A", name: "a", qty: 1, price: "1.234" }] }),
        "items[0].price",
      ],
      [
        "/orders",
        "POST",
        orderBody({ items: [{ sku: "A", name: "a", qty: 1, price: -5 }] }),
        "items[0].price",
      ],
      ["/orders", "POST", orderBody({ total_amount: "ten" }), "total_amount"],
      ["/orders", "POST", orderBody({ currency_code: "rub" }), "currency_code"],
      ["/orders", "POST", orderBody({ status: "DONE" }), "status"],
      ["/orders", "POST", orderBody({ title: " " }), "title"],
      ["/orders/ORD-X", "PATCH", {}, "(root)"],
    ];
    for (const [path, method, body, field] of cases) {
      const res = await wwWrite(t, method as "POST", path, c.dispatcher, body);
      const problem = await expectJson(res, 422, `${method} ${path} ${field}`);
      assert.ok(
        problem.errors.some((e: { field: string }) => e.field === field),
        `${field}: ${JSON.stringify(problem.errors)}`,
      );
    }
    const status = await wwWrite(t, "PATCH", "/orders/ORD-X/status", c.dispatcher, {
      status: "DONE",
      lat: 91,
      lon: 0,
    });
    assert.equal((await expectJson(status, 422)).errors[0].field, "lat");
    const half = await wwWrite(t, "PATCH", "/orders/ORD-X/status", c.dispatcher, {
      status: "DONE",
      lat: 55,
    });
    assert.equal((await expectJson(half, 422)).errors[0].field, "lon");
    const badRange = await wwGet(
      t,
      "/export/kmp4?date_from=2024-02-01&date_to=2024-01-01",
      c.dispatcher,
    );
    assert.equal((await expectJson(badRange, 422)).errors[0].field, "date_to");
  } finally {
    await t.close();
  }
});

Deno.test("WW roles: couriers see only their own orders; dispatch actions need OPERATOR/SUPERVISOR", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const mine = await createOrder(t, c.dispatcher, { courier_id: c.courierId });
    const other = await createOrder(t, c.dispatcher);
    const list = await expectJson(await wwGet(t, "/orders", c.courier), 200);
    assert.deepEqual(list.items.map((o: { id: string }) => o.id), [mine.id]);
    assert.equal((await wwGet(t, `/orders/${other.id}`, c.courier)).status, 404);
    assert.equal((await wwGet(t, `/orders/${mine.id}`, c.courier)).status, 200);
    for (
      const [method, path] of [["POST", "/orders"], ["POST", "/couriers"], [
        "POST",
        `/orders/${mine.id}/assign`,
      ]]
    ) {
      const res = await wwWrite(t, method as "POST", path, c.courier, {});
      assert.equal(res.status, 403, `${method} ${path}`);
      await res.body?.cancel();
    }
    const unlinked = await t.user(["MASTER"]);
    const none = await expectJson(await wwGet(t, "/orders", unlinked.token), 200);
    assert.equal(none.total_items, 0, "a courier user without a WW courier sees nothing");
    const anon = await request(t.app, "GET", "/api/v1/ww/orders");
    assert.equal(anon.status, 401);
    await anon.body?.cancel();
    const all = await expectJson(
      await wwGet(t, "/orders?status=NEW,ASSIGNED&page_size=1", c.dispatcher),
      200,
    );
    assert.equal(all.total_items, 2);
    assert.equal(all.items.length, 1);
    assert.equal(all.has_next, true);
  } finally {
    await t.close();
  }
});
