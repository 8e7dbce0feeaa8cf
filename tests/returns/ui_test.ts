// The returns pages of the web UI: list with filters, one return with items, photos, history
// and the manager's decision island.
import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { assertCspClean, getPage, signIn } from "../ui/helpers.ts";
import { createReturnVia, multiLineBody, README_BODY, write } from "./fixtures.ts";

async function html(t: TestApp, path: string, who: { user: { login: string }; password: string }) {
  const res = await getPage(t, path, await signIn(t, who.user.login, who.password));
  return { status: res.status, text: await res.text() };
}

const ids = (text: string) => [...text.matchAll(/data-return-id="([^"]+)"/g)].map((m) => m[1]);

Deno.test("the returns list shows returns newest first, filters by status and is CSP-clean", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["OPERATOR"]);
    const a = await createReturnVia(t.app, courier.token);
    const b = await createReturnVia(t.app, courier.token, multiLineBody());
    await (await write(t.app, "POST", `/api/v1/returns/${a.id}/accept`, manager.token, {})).body
      ?.cancel();

    const all = await html(t, "/app/returns", manager);
    assert.equal(all.status, 200);
    assertCspClean(all.text, "/app/returns");
    assert.match(all.text, /<h1>Возвраты<\/h1>/);
    assert.deepEqual(ids(all.text), [b.id, a.id]);
    assert.match(all.text, /Всего: 2/);
    const accepted = await html(t, "/app/returns?status=accepted", manager);
    assert.deepEqual(ids(accepted.text), [a.id]);
    assert.match(accepted.text, /<option value="accepted" selected>Принят<\/option>/);
    const bySku = await html(t, "/app/returns?sku=SKU-5&lang=en", manager);
    assert.deepEqual(ids(bySku.text), [b.id]);
    assert.match(bySku.text, /<h1>Returns<\/h1>/);
    const denied = await html(t, "/app/returns", courier);
    assert.equal(denied.status, 403, "the list is for managers");
  } finally {
    await t.close();
  }
});

Deno.test("a return's page shows items in order, safe photo links, history and the decision island", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["SUPERVISOR"]);
    const body = multiLineBody();
    body.items[0].photos = ["javascript:alert(1)", "/files/returns/p1.jpg"];
    const r = await createReturnVia(t.app, courier.token, body);
    const page = await html(t, `/app/returns?id=${r.id}`, manager);
    assert.equal(page.status, 200);
    assertCspClean(page.text, "return page");
    const skus = [
      ...page.text.matchAll(/<tr data-line="(\d+)"><td class="num">\d+<\/td><td>([^<]+)<\/td>/g),
    ]
      .map((m) => m[2]);
    assert.deepEqual(skus, ["SKU-9", "SKU-1", "SKU-5", "SKU-3"]);
    assert.match(
      page.text,
      /href="https:\/\/cdn\.example\.test\/SKU-1\.jpg" target="_blank" rel="noopener noreferrer"/,
    );
    assert.match(page.text, /<img src="\/files\/returns\/p1\.jpg"/);
    assert.doesNotMatch(page.text, /href="javascript:/, "a script URL is never a link");
    assert.match(page.text, /data-island="return_actions"/);
    assert.match(page.text, /<tr data-action="create">/);
    assert.match(page.text, /трещина на экране/);

    await (await write(t.app, "POST", `/api/v1/returns/${r.id}/reject`, manager.token, {
      reason: "Нет чека",
    }))
      .body?.cancel();
    const after = await html(t, `/app/returns?id=${r.id}`, manager);
    assert.doesNotMatch(
      after.text,
      /data-island="return_actions"/,
      "no decision on a decided return",
    );
    assert.match(after.text, /data-return-status="rejected"/);
    assert.match(after.text, /Нет чека/);
    assert.match(after.text, /<tr data-action="reject">/);
    assert.match(after.text, new RegExp(`Test SUPERVISOR`), "who decided");

    const missing = await html(t, `/app/returns?id=${crypto.randomUUID()}`, manager);
    assert.match(missing.text, /Возврат не найден/);
    const bad = await html(t, "/app/returns?id=../../etc", manager);
    assert.match(bad.text, /Возврат не найден/);
    const script = page.text.match(/src="(\/ui\/assets\/return_actions-[A-Z0-9]+\.js)"/)?.[1];
    assert.ok(script, "the island's bundle is linked");
    const bundle = await t.app.request(`http://localhost${script}`);
    assert.equal(bundle.status, 200);
    assert.match(await bundle.text(), /returns\.accept|accept/);
    assert.equal(README_BODY.source, "warehouse");
  } finally {
    await t.close();
  }
});
