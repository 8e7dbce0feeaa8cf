// 1C outage: accepted returns and finished deliveries wait in the outbox while 1C is down, and
// each becomes exactly one 1C document when it is back, its Ref_Key stored on the return/order.
import assert from "node:assert/strict";
import { startOneCSimulator } from "../../integrations/onec/simulator.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { waitUntil } from "../helpers/wait.ts";
import { BACKENDS } from "../jobs/helpers.ts";
import { createReturnVia, multiLineBody, write } from "../returns/fixtures.ts";
import { cast, createOrder, expectJson, wwWrite } from "../ww/fixtures.ts";

/**
 * Lets retry time pass: failed deliveries become due now instead of after their backoff (2 s
 * doubling), so the test does not sleep through the real schedule.
 */
function fastForward(t: TestApp) {
  return t.deps.db.updateTable("jobs").set({ run_at: new Date() })
    .where("type", "=", "outbox:1c").where("status", "=", "failed").execute();
}

async function acceptedReturn(t: TestApp, courier: string, manager: string) {
  const r = await createReturnVia(t.app, courier, multiLineBody());
  return await expectJson(
    await write(t.app, "POST", `/api/v1/returns/${r.id}/accept`, manager, {}),
    200,
  );
}

async function deliveredOrder(t: TestApp, c: Awaited<ReturnType<typeof cast>>) {
  const { id } = await createOrder(t, c.dispatcher, { courier_id: c.courierId });
  await expectJson(
    await wwWrite(t, "PATCH", `/orders/${id}/status`, c.dispatcher, { status: "ASSIGNED" }),
    200,
  );
  for (const status of ["IN_TRANSIT", "DONE"]) {
    await expectJson(
      await wwWrite(t, "PATCH", `/orders/${id}/status`, c.courier, { status }),
      200,
      status,
    );
  }
  return id;
}

for (const backend of BACKENDS) {
  Deno.test(`[${backend}] 1C down: nothing is lost; back up: every document posted once, ids stored`, async () => {
    const sim = await startOneCSimulator();
    const t = await startTestApp({
      env: {
        JOBS_BACKEND: backend,
        ONEC_BASE_URL: sim.baseUrl,
        ONEC_USER: sim.user,
        ONEC_PASSWORD: sim.password,
        REQUEST_TIMEOUT_S: "2",
        // More worker slots than messages: jobs/worker.ts's poke() stops claiming for good once
        // it is called with no free slot (reported to the jobs owner); not what this test is about.
        JOBS_CONCURRENCY: "16",
      },
      jobs: { leaseMs: 5_000, sweepMs: 50 },
    });
    try {
      const c = await cast(t);
      const courier = (await t.user(["ENGINEER"])).token;
      const manager = (await t.user(["OPERATOR"])).token;
      sim.failNext({ status: 503, times: "always" });
      await t.deps.queue.start(t.deps);

      const returns = [];
      for (let i = 0; i < 3; i++) returns.push(await acceptedReturn(t, courier, manager));
      const orders = [await deliveredOrder(t, c), await deliveredOrder(t, c)];
      assert.ok(
        returns.every((r) => r.status === "accepted"),
        "1C being down does not block managers",
      );

      // Every message is tried and refused at least twice while 1C is down.
      await waitUntil("failed deliveries", async () => {
        await fastForward(t);
        const rows = await t.deps.db.selectFrom("outbox").select(["attempts", "status"]).execute();
        return rows.length === 5 && rows.every((r) => r.attempts >= 2 && r.status !== "dead");
      });
      assert.equal(sim.documents().length, 0);
      assert.ok(sim.count({ method: "POST" }) >= 5, "1C was asked and refused");
      const pending = await t.deps.db.selectFrom("returns").select("onec_document_id").execute();
      assert.ok(pending.every((r) => r.onec_document_id === null));

      // 1C comes back; the first answer is lost (slower than the 2 s client timeout), so that
      // document's POST is sent again: 1C must recognise the key instead of creating a second.
      sim.clearFaults();
      sim.failNext({ delayMs: 3_000, times: 1 });
      await waitUntil("every message sent", async () => {
        await fastForward(t);
        const rows = await t.deps.db.selectFrom("outbox").select("status").execute();
        return rows.every((r) => r.status === "sent");
      }, 30_000);

      const docs = sim.documents();
      assert.equal(docs.length, 5, "one 1C document per accepted return and per delivery");
      assert.equal(new Set(docs.map((d) => d.key)).size, 5);
      assert.equal(sim.count({ method: "POST", status: 201 }), 5, "each document created once");
      // The held request is answered once its delay ends: with the existing document.
      await waitUntil(
        "the held POST's answer",
        () => Promise.resolve(sim.count({ method: "POST", status: 200 }) >= 1),
      );
      assert.equal(sim.documents().length, 5, "still one document per key");
      for (const r of returns) {
        const doc = docs.find((d) => d.key === `fieldhub:return:${r.id}`);
        assert.ok(doc, `document of return ${r.id}`);
        assert.deepEqual(
          (doc.document as { lines: { sku: string }[] }).lines.map((l) => l.sku),
          ["SKU-9", "SKU-1", "SKU-5", "SKU-3"],
          "lines in the courier's order",
        );
        const got = await expectJson(
          await t.app.request(`/api/v1/returns/${r.id}`, {
            headers: { authorization: `Bearer ${manager}` },
          }),
          200,
        );
        assert.equal(got.onec_document_id, doc.ref_key, "the 1C id is stored back");
      }
      for (const id of orders) {
        const doc = docs.find((d) => d.key === `fieldhub:delivery:${id}`);
        assert.ok(doc, `document of order ${id}`);
        assert.equal((doc.document as { total_amount: string }).total_amount, "81971.00");
        const row = await t.deps.db.selectFrom("ww_orders").select("onec_document_id").where(
          "id",
          "=",
          id,
        )
          .executeTakeFirstOrThrow();
        assert.equal(row.onec_document_id, doc.ref_key);
      }
    } finally {
      await t.close();
      await sim.stop();
    }
  });
}

Deno.test("a document 1C refuses (4xx) is dead-lettered at once with 1C's reason", async () => {
  const sim = await startOneCSimulator();
  const t = await startTestApp({
    env: {
      JOBS_BACKEND: "postgres",
      ONEC_BASE_URL: sim.baseUrl,
      ONEC_USER: sim.user,
      ONEC_PASSWORD: "wrong",
    },
    jobs: { leaseMs: 5_000, sweepMs: 50 },
  });
  try {
    const courier = (await t.user(["ENGINEER"])).token;
    const manager = (await t.user(["SUPERVISOR"])).token;
    await t.deps.queue.start(t.deps);
    await acceptedReturn(t, courier, manager);
    const row = await waitUntil("dead message", async () => {
      const r = await t.deps.db.selectFrom("outbox").selectAll().executeTakeFirst();
      return r?.status === "dead" ? r : undefined;
    });
    assert.equal(row.attempts, 1, "no retries for bad credentials");
    assert.match(row.last_error ?? "", /401/);
    assert.equal(sim.documents().length, 0);
  } finally {
    await t.close();
    await sim.stop();
  }
});
