// The couriers and orders board of the web UI.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { assertCspClean, getPage, signIn } from "../ui/helpers.ts";
import { cast, createOrder, expectJson, wwWrite } from "./fixtures.ts";

async function pageAs(t: TestApp, path: string, login: string, password: string) {
  const res = await getPage(t, path, await signIn(t, login, password));
  return { status: res.status, text: await res.text() };
}

function column(html: string, status: string): string[] {
  const block = html.match(new RegExp(`<li data-column="${status}">(.*?)</ul></li>`, "s"))?.[1] ??
    "";
  return [...block.matchAll(/data-order-id="([^"]+)"/g)].map((m) => m[1]);
}

Deno.test("the board puts each order in its status column; dispatchers see couriers and exports", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const dispatcher = await t.user(["SUPERVISOR"], { login: "disp", password: "password-123" });
    const fresh = await createOrder(t, c.dispatcher, { id: "ORD-NEW" });
    const moving = await createOrder(t, c.dispatcher, { id: "ORD-MOVE", courier_id: c.courierId });
    for (const [who, status] of [[c.dispatcher, "ASSIGNED"], [c.courier, "IN_TRANSIT"]]) {
      await expectJson(
        await wwWrite(t, "PATCH", `/orders/${moving.id}/status`, who, { status }),
        200,
      );
    }
    const page = await pageAs(t, "/app/ww", "disp", dispatcher.password);
    assert.equal(page.status, 200);
    assertCspClean(page.text, "/app/ww");
    assert.deepEqual(column(page.text, "NEW"), [fresh.id]);
    assert.deepEqual(column(page.text, "IN_TRANSIT"), [moving.id]);
    assert.deepEqual(column(page.text, "DONE"), []);
    assert.match(page.text, /data-courier-id="courier-001"/);
    assert.match(page.text, /href="\/api\/v1\/ww\/export\/kmp4"/);

    const order = await pageAs(t, `/app/ww?order=${moving.id}`, "disp", dispatcher.password);
    assertCspClean(order.text, "order page");
    assert.deepEqual([...order.text.matchAll(/data-to="([A-Z_]+)"/g)].map((m) => m[1]), [
      "NEW",
      "ASSIGNED",
      "IN_TRANSIT",
    ]);
    assert.match(order.text, /iPhone 15 128 ГБ/);
    const ghost = await pageAs(t, "/app/ww?order=nope", "disp", dispatcher.password);
    assert.match(ghost.text, /Заказ не найден/);

    // The KMP4 link works with the browser session.
    const cookies = await signIn(t, "disp", dispatcher.password);
    const kmp4 = await getPage(t, "/api/v1/ww/export/kmp4", cookies);
    assert.equal(kmp4.status, 200);
    assert.ok((await kmp4.text()).startsWith("#KMP4_DELIVERY_REPORT,v1\r\n"));
  } finally {
    await t.close();
  }
});

Deno.test("a courier's board shows only its own orders and no couriers or exports", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const courierUser = await t.deps.db.selectFrom("users").select("login").where(
      "id",
      "=",
      c.courierUserId,
    )
      .executeTakeFirstOrThrow();
    const mine = await createOrder(t, c.dispatcher, { courier_id: c.courierId });
    await createOrder(t, c.dispatcher);
    const page = await pageAs(t, "/app/ww?lang=en", courierUser.login, "password-123");
    assert.equal(page.status, 200);
    assert.deepEqual(column(page.text, "NEW"), [mine.id]);
    assert.doesNotMatch(page.text, /data-couriers=/);
    assert.doesNotMatch(page.text, /export\/kmp4/);
    assert.match(page.text, /<h1>Deliveries<\/h1>/);
  } finally {
    await t.close();
  }
});
