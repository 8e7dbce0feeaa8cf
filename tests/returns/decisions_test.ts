// Status moves, roles and history of returns.
import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";
import { createReturnVia, README_BODY, write } from "./fixtures.ts";

Deno.test("roles: couriers create, managers list/replace/decide, only ADMIN deletes, anonymous 401", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["MASTER"]);
    const operator = await t.user(["OPERATOR"]);
    const supervisor = await t.user(["SUPERVISOR"]);
    const client = await t.user(["CLIENT"]);
    const admin = await t.user(["ADMIN"]);

    const anon = await request(t.app, "GET", "/api/v1/returns");
    assert.equal(anon.status, 401);
    await anon.body?.cancel();
    const checks: [string, string, string, unknown, number][] = [
      ["courier lists", "GET", courier.token, undefined, 403],
      ["client lists", "GET", client.token, undefined, 403],
      ["operator lists", "GET", operator.token, undefined, 200],
    ];
    for (const [name, method, token, , status] of checks) {
      const res = await request(t.app, method, "/api/v1/returns", { token });
      assert.equal(res.status, status, name);
      await res.body?.cancel();
    }
    const byManager = await write(t.app, "POST", "/api/v1/returns", operator.token, README_BODY);
    assert.equal(byManager.status, 403, "a manager does not register returns");
    await byManager.body?.cancel();
    const byAdmin = await write(t.app, "POST", "/api/v1/returns", admin.token, README_BODY);
    assert.equal(byAdmin.status, 201, "ADMIN passes every role check");
    await byAdmin.body?.cancel();

    const r = await createReturnVia(t.app, courier.token);
    const put = await write(t.app, "PUT", `/api/v1/returns/${r.id}`, courier.token, README_BODY);
    assert.equal(put.status, 403, "a courier does not replace returns");
    await put.body?.cancel();
    for (const token of [courier.token, supervisor.token]) {
      const del = await write(t.app, "DELETE", `/api/v1/returns/${r.id}`, token);
      assert.equal(del.status, 403);
      await del.body?.cancel();
    }
    const clientGet = await request(t.app, "GET", `/api/v1/returns/${r.id}`, {
      token: client.token,
    });
    assert.equal(clientGet.status, 403);
    await clientGet.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("accept records the manager; a second decision is 422 'Invalid return status transition'", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["OPERATOR"]);
    const r = await createReturnVia(t.app, courier.token);
    const acc = await write(t.app, "POST", `/api/v1/returns/${r.id}/accept`, manager.token, {
      note: "ok",
    });
    assert.equal(acc.status, 200);
    const accepted = await acc.json();
    assert.equal(accepted.status, "accepted");
    assert.equal(accepted.manager_id, manager.user.id);
    assert.ok(accepted.decided_at);

    for (
      const [verb, body] of [["reject", { reason: "late" }], ["cancel", {}], [
        "accept",
        {},
      ]] as const
    ) {
      const res = await write(
        t.app,
        "POST",
        `/api/v1/returns/${r.id}/${verb}`,
        manager.token,
        body,
      );
      assert.equal(res.status, 422, verb);
      const problem = await res.json();
      assert.equal(problem.title, "Invalid return status transition");
      assert.equal(problem.current_status, "accepted");
    }
    const put = await write(t.app, "PUT", `/api/v1/returns/${r.id}`, manager.token, README_BODY);
    assert.equal(put.status, 409, "an accepted return is not replaced");
    assert.equal((await put.json()).title, "Return is not pending");
  } finally {
    await t.close();
  }
});

Deno.test("reject stores the reason and the manager; an unknown return is 404", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["SUPERVISOR"]);
    const r = await createReturnVia(t.app, courier.token);
    const res = await write(t.app, "POST", `/api/v1/returns/${r.id}/reject`, manager.token, {
      reason: "Нет чека",
    });
    const body = await res.json();
    assert.equal(res.status, 200);
    assert.equal(body.status, "rejected");
    assert.equal(body.status_reason, "Нет чека");
    assert.equal(body.manager_id, manager.user.id);
    const missing = await write(
      t.app,
      "POST",
      `/api/v1/returns/${crypto.randomUUID()}/accept`,
      manager.token,
      {},
    );
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("a courier cancels its own pending return but not another courier's", async () => {
  const t = await startTestApp();
  try {
    const mine = await t.user(["ENGINEER"]);
    const other = await t.user(["MASTER"]);
    const r = await createReturnVia(t.app, mine.token);
    const denied = await write(t.app, "POST", `/api/v1/returns/${r.id}/cancel`, other.token, {});
    assert.equal(denied.status, 403);
    await denied.body?.cancel();
    const ok = await write(t.app, "POST", `/api/v1/returns/${r.id}/cancel`, mine.token, {
      reason: "ошибка",
    });
    assert.equal(ok.status, 200);
    const body = await ok.json();
    assert.equal(body.status, "cancelled");
    assert.equal(body.manager_id, null, "a cancellation is not a manager's decision");
  } finally {
    await t.close();
  }
});

Deno.test("history lists every change with who made it, and survives a delete", async () => {
  const t = await startTestApp();
  try {
    const courier = await t.user(["ENGINEER"]);
    const manager = await t.user(["OPERATOR"]);
    const admin = await t.user(["ADMIN"]);
    const r = await createReturnVia(t.app, courier.token);
    const replaced = await write(
      t.app,
      "PUT",
      `/api/v1/returns/${r.id}`,
      manager.token,
      {
        ...README_BODY,
        comment: "уточнено",
      },
      undefined,
      { "x-request-id": "req-put" },
    );
    await replaced.body?.cancel();
    await (await write(t.app, "POST", `/api/v1/returns/${r.id}/accept`, manager.token, {})).body
      ?.cancel();
    await (await write(t.app, "DELETE", `/api/v1/returns/${r.id}`, admin.token)).body?.cancel();
    const res = await request(t.app, "GET", `/api/v1/returns/${r.id}/history`, {
      token: admin.token,
    });
    assert.equal(res.status, 200);
    const { items } = await res.json();
    assert.deepEqual(items.map((h: { action: string }) => h.action), [
      "create",
      "update",
      "accept",
      "delete",
    ]);
    assert.deepEqual(items.map((h: { actor_id: string }) => h.actor_id), [
      courier.user.id,
      manager.user.id,
      manager.user.id,
      admin.user.id,
    ]);
    assert.deepEqual(items[1].changes.comment, { from: null, to: "уточнено" });
    assert.equal(items[1].request_id, "req-put");
    assert.deepEqual(items[2].changes.status, { from: "pending", to: "accepted" });
    const unknown = await request(t.app, "GET", `/api/v1/returns/${crypto.randomUUID()}/history`, {
      token: admin.token,
    });
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("X-Request-Id is the same in the header, the problem body and the log lines", async () => {
  const t = await startTestApp();
  try {
    const { token } = await t.user(["OPERATOR"]);
    const res = await request(t.app, "GET", `/api/v1/returns/${crypto.randomUUID()}`, { token });
    const generated = res.headers.get("x-request-id");
    assert.ok(generated, "generated when the client sends none");
    assert.equal((await res.json()).request_id, generated);
    const line = t.logs.map((l) => JSON.parse(l)).find((l) =>
      l.msg === "request" && l.status === 404
    );
    assert.equal(line?.request_id, generated);

    const sent = await request(t.app, "GET", "/api/v1/returns/nope", {
      token,
      headers: { "x-request-id": "req-789" },
    });
    assert.equal(sent.headers.get("x-request-id"), "req-789");
    assert.equal((await sent.json()).request_id, "req-789");
    assert.ok(t.logs.some((l) => JSON.parse(l).request_id === "req-789"));
  } finally {
    await t.close();
  }
});
