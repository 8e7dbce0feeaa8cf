// Seed 000 check 24: the WW state machine, assignments and the status log.
import assert from "node:assert/strict";
import type { TestApp } from "../helpers/app.ts";
import { startTestApp } from "../helpers/app.ts";
import { cast, createOrder, expectJson, type WwCast, wwGet, wwWrite } from "./fixtures.ts";

const STATUSES = ["NEW", "ASSIGNED", "IN_TRANSIT", "DONE", "REJECTED", "DECLINED"] as const;
type Status = (typeof STATUSES)[number];
const ALLOWED: Record<Status, Status[]> = {
  NEW: ["ASSIGNED", "REJECTED"],
  ASSIGNED: ["IN_TRANSIT", "DECLINED", "REJECTED"],
  IN_TRANSIT: ["DONE", "REJECTED"],
  DECLINED: ["NEW"],
  DONE: [],
  REJECTED: [],
};

const move = (t: TestApp, token: string, id: string, body: Record<string, unknown>) =>
  wwWrite(t, "PATCH", `/orders/${id}/status`, token, body);

/** Brings a fresh order (with a planned courier) to `status` through allowed moves. */
async function orderIn(t: TestApp, c: WwCast, status: Status): Promise<string> {
  const { id } = await createOrder(t, c.dispatcher, { courier_id: c.courierId });
  const path: Record<Status, Status[]> = {
    NEW: [],
    ASSIGNED: ["ASSIGNED"],
    IN_TRANSIT: ["ASSIGNED", "IN_TRANSIT"],
    DONE: ["ASSIGNED", "IN_TRANSIT", "DONE"],
    REJECTED: ["REJECTED"],
    DECLINED: ["ASSIGNED", "DECLINED"],
  };
  for (const s of path[status]) {
    await expectJson(await move(t, c.dispatcher, id, { status: s }), 200, s);
  }
  return id;
}

Deno.test("every pair of statuses: allowed moves succeed, all others are 422 'Invalid order status transition'", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const id = await orderIn(t, c, from);
        const res = await move(t, c.dispatcher, id, { status: to });
        if (ALLOWED[from].includes(to)) {
          assert.equal((await expectJson(res, 200, `${from}→${to}`)).status, to);
        } else {
          const problem = await expectJson(res, 422, `${from}→${to}`);
          assert.equal(problem.title, "Invalid order status transition");
          assert.equal(problem.current_status, from);
          const after = await expectJson(await wwGet(t, `/orders/${id}`, c.dispatcher), 200);
          assert.equal(after.status, from, "a refused move changes nothing");
        }
      }
    }
  } finally {
    await t.close();
  }
});

Deno.test("NEW→ASSIGNED→IN_TRANSIT→DONE with lat/lon/note kept in the log; DECLINED→NEW frees the courier", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const { id } = await createOrder(t, c.dispatcher, { courier_id: c.courierId });
    await expectJson(await move(t, c.dispatcher, id, { status: "ASSIGNED" }), 200);
    await expectJson(
      await move(t, c.courier, id, {
        status: "IN_TRANSIT",
        lat: 55.7558,
        lon: 37.6173,
        note: "выехал",
      }),
      200,
    );
    const done = await expectJson(
      await move(t, c.courier, id, { status: "DONE", lat: 55.76, lon: 37.62, note: "вручено" }),
      200,
    );
    assert.equal(done.status, "DONE");
    assert.equal(done.assignment.status, "ACCEPTED");
    const { items } = await expectJson(await wwGet(t, `/orders/${id}/logs`, c.courier), 200);
    assert.deepEqual(
      items.map((l: Record<string, unknown>) => [l.from_status, l.to_status, l.lat, l.lon, l.note]),
      [
        [null, "NEW", null, null, null],
        ["NEW", "ASSIGNED", null, null, null],
        ["ASSIGNED", "IN_TRANSIT", 55.7558, 37.6173, "выехал"],
        ["IN_TRANSIT", "DONE", 55.76, 37.62, "вручено"],
      ],
    );
    assert.equal(items[2].actor_id, c.courierUserId);

    const other = await orderIn(t, c, "DECLINED");
    const back = await expectJson(await move(t, c.dispatcher, other, { status: "NEW" }), 200);
    assert.equal(back.courier_id, null);
    assert.equal(back.assignment, null);
  } finally {
    await t.close();
  }
});

Deno.test("assign offers the order; the courier accepts (IN_TRANSIT) or declines (back to NEW)", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const first = await createOrder(t, c.dispatcher);
    const assigned = await expectJson(
      await wwWrite(t, "POST", `/orders/${first.id}/assign`, c.dispatcher, {
        courier_id: c.courierId,
      }),
      200,
    );
    assert.equal(assigned.status, "ASSIGNED");
    assert.equal(assigned.assignment.status, "PENDING");
    const accepted = await expectJson(
      await wwWrite(t, "POST", `/assignments/${assigned.assignment.id}/accept`, c.courier, {}),
      200,
    );
    assert.equal(accepted.assignment.status, "ACCEPTED");
    assert.equal(accepted.order.status, "IN_TRANSIT");
    const twice = await wwWrite(
      t,
      "POST",
      `/assignments/${assigned.assignment.id}/accept`,
      c.courier,
      {},
    );
    assert.equal((await expectJson(twice, 422)).title, "Invalid assignment state");

    const second = await createOrder(t, c.dispatcher);
    const offer = await expectJson(
      await wwWrite(t, "POST", `/orders/${second.id}/assign`, c.dispatcher, {
        courier_id: c.courierId,
      }),
      200,
    );
    const declined = await expectJson(
      await wwWrite(t, "POST", `/assignments/${offer.assignment.id}/decline`, c.courier, {
        reason: "далеко",
      }),
      200,
    );
    assert.equal(declined.assignment.status, "DECLINED");
    assert.equal(declined.assignment.reason, "далеко");
    assert.equal(declined.order.status, "NEW");
    assert.equal(declined.order.courier_id, null);
    const log = await expectJson(await wwGet(t, `/orders/${second.id}/logs`, c.dispatcher), 200);
    assert.deepEqual(log.items.map((l: { to_status: string }) => l.to_status), [
      "NEW",
      "ASSIGNED",
      "DECLINED",
      "NEW",
    ]);
  } finally {
    await t.close();
  }
});

Deno.test("declining an unassigned order is 422 'Invalid assignment state'; a stranger cannot answer an offer", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const stranger = await cast(t, "courier-002");
    const order = await createOrder(t, c.dispatcher);
    const decline = await wwWrite(t, "POST", `/orders/${order.id}/assign`, c.dispatcher, {
      courier_id: null,
      decline: true,
    });
    assert.equal((await expectJson(decline, 422)).title, "Invalid assignment state");
    const offer = await expectJson(
      await wwWrite(t, "POST", `/orders/${order.id}/assign`, c.dispatcher, {
        courier_id: c.courierId,
      }),
      200,
    );
    const foreign = await wwWrite(
      t,
      "POST",
      `/assignments/${offer.assignment.id}/accept`,
      stranger.courier,
      {},
    );
    assert.equal(foreign.status, 403);
    await foreign.body?.cancel();
    const again = await wwWrite(t, "POST", `/orders/${order.id}/assign`, c.dispatcher, {
      courier_id: "courier-002",
    });
    assert.equal(
      (await expectJson(again, 422)).title,
      "Invalid order status transition",
      "already ASSIGNED",
    );
    const withdrawn = await expectJson(
      await wwWrite(t, "POST", `/orders/${order.id}/assign`, c.dispatcher, { courier_id: null }),
      200,
    );
    assert.equal(withdrawn.status, "NEW");
    const a = await t.deps.db.selectFrom("ww_assignments").select("status").where(
      "id",
      "=",
      offer.assignment.id,
    )
      .executeTakeFirstOrThrow();
    assert.equal(a.status, "CANCELLED");
    const inactive = await expectJson(
      await wwWrite(t, "PATCH", "/couriers/courier-002", c.dispatcher, { is_active: false }),
      200,
    );
    assert.equal(inactive.is_active, false);
    const toInactive = await wwWrite(t, "POST", `/orders/${order.id}/assign`, c.dispatcher, {
      courier_id: "courier-002",
    });
    assert.equal((await expectJson(toInactive, 422)).errors[0].field, "courier_id");
  } finally {
    await t.close();
  }
});

Deno.test("a courier may not reject or assign its order, and cannot move someone else's", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const other = await cast(t, "courier-002");
    const id = await orderIn(t, c, "ASSIGNED");
    const reject = await move(t, c.courier, id, { status: "REJECTED" });
    assert.equal(reject.status, 403);
    await reject.body?.cancel();
    const foreign = await move(t, other.courier, id, { status: "IN_TRANSIT" });
    assert.equal(foreign.status, 404);
    await foreign.body?.cancel();
    const viaPost = await wwWrite(t, "POST", `/orders/${id}/status`, c.courier, {
      status: "IN_TRANSIT",
    });
    assert.equal(
      (await expectJson(viaPost, 200)).status,
      "IN_TRANSIT",
      "POST is an alias of PATCH",
    );
  } finally {
    await t.close();
  }
});

Deno.test("tRPC ww: create, assign, accept and the state machine's 422", async () => {
  const t = await startTestApp();
  try {
    const c = await cast(t);
    const client = t.trpc(c.dispatcher);
    const order = await client.ww.orders.create.mutate({
      title: "Заказ",
      customer_name: "Клиент",
      items: [{ sku: "S", name: "s", qty: 1, price: "10" }],
    });
    const offered = await client.ww.orders.assign.mutate({
      id: order.id,
      data: { courier_id: c.courierId },
    });
    const answer = await t.trpc(c.courier).ww.assignments.accept.mutate({
      id: offered.assignment!.id,
    });
    assert.equal(answer.order.status, "IN_TRANSIT");
    const err = await client.ww.orders.setStatus.mutate({ id: order.id, data: { status: "NEW" } })
      .then(() => null, (e) => e);
    assert.equal(err?.data?.httpStatus, 422);
    assert.equal(err?.message, "An order in IN_TRANSIT cannot move to NEW");
  } finally {
    await t.close();
  }
});
