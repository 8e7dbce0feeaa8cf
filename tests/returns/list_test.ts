// The list: envelope, MAX_PAGE_SIZE cap, order and filters.
import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";
import { createReturnVia, multiLineBody, README_BODY, write } from "./fixtures.ts";

Deno.test("the list envelope pages newest first and caps page_size at MAX_PAGE_SIZE", async () => {
  const t = await startTestApp({ env: { MAX_PAGE_SIZE: "2" } });
  try {
    const courier = await t.user(["ENGINEER"]);
    const { token } = await t.user(["OPERATOR"]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createReturnVia(t.app, courier.token)).id);
    const newestFirst = [...ids].reverse();

    const first = await (await request(t.app, "GET", "/api/v1/returns?page_size=50", { token }))
      .json();
    assert.deepEqual(
      { ...first, items: first.items.map((r: { id: string }) => r.id) },
      {
        items: newestFirst.slice(0, 2),
        page: 1,
        page_size: 2,
        total_items: 5,
        total_pages: 3,
        has_next: true,
      },
    );
    const last =
      await (await request(t.app, "GET", "/api/v1/returns?page=3&page_size=2", { token })).json();
    assert.deepEqual(last.items.map((r: { id: string }) => r.id), newestFirst.slice(4));
    assert.equal(last.has_next, false);
    const beyond = await request(t.app, "GET", "/api/v1/returns?page=9", { token });
    assert.equal(beyond.status, 200);
    assert.deepEqual((await beyond.json()).items, []);
  } finally {
    await t.close();
  }
});

Deno.test("an empty list has total_pages 0 and the default page size 20", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["SUPERVISOR"]);
    const body = await (await request(t.app, "GET", "/api/v1/returns", { token })).json();
    assert.deepEqual(body, {
      items: [],
      page: 1,
      page_size: 20,
      total_items: 0,
      total_pages: 0,
      has_next: false,
    });
  } finally {
    await t.close();
  }
});

Deno.test("filters: status, source, courier_id, sku and the created_at range", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["OPERATOR"]);
    const a = await createReturnVia(t.app, courier.token);
    const b = await createReturnVia(t.app, courier.token, multiLineBody("courier-777"));
    const acc = await write(t.app, "POST", `/api/v1/returns/${a.id}/accept`, manager.token, {});
    await acc.body?.cancel();
    const ids = async (query: string) => {
      const res = await request(t.app, "GET", `/api/v1/returns?${query}`, { token: manager.token });
      assert.equal(res.status, 200, query);
      return (await res.json()).items.map((r: { id: string }) => r.id);
    };
    assert.deepEqual(await ids("status=accepted"), [a.id]);
    assert.deepEqual(await ids("status=pending"), [b.id]);
    assert.deepEqual(await ids("source=call_center"), [b.id]);
    assert.deepEqual(await ids(`courier_id=${README_BODY.courier_id}`), [a.id]);
    assert.deepEqual(await ids("sku=SKU-5"), [b.id]);
    assert.deepEqual(await ids("sku=SKU-404"), []);
    assert.deepEqual(await ids(`order_id_1c=${encodeURIComponent("ЗК-000123")}`), [b.id]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    assert.deepEqual(await ids(`created_from=${encodeURIComponent(future)}`), []);
    assert.deepEqual((await ids(`created_to=${encodeURIComponent(future)}`)).length, 2);
  } finally {
    await t.close();
  }
});
