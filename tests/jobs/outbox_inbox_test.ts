import assert from "node:assert/strict";
import { withTx } from "../../db/tx.ts";
import { receiveInbox, registerInboxHandler } from "../../jobs/inbox.ts";
import { registerOutboxTarget, writeOutbox } from "../../jobs/outbox.ts";
import { PermanentJobError } from "../../jobs/retry.ts";
import { systemActor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { TestApp } from "../helpers/app.ts";
import { waitForJob, waitUntil } from "../helpers/wait.ts";
import { BACKENDS, startJobsApp } from "./helpers.ts";

/** A target system over real HTTP: answers as `answer` says and records each request. */
function startTarget(answer: (n: number) => number) {
  const seen: Array<{ key: string | null; body: unknown }> = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    seen.push({ key: req.headers.get("idempotency-key"), body: await req.json() });
    const status = answer(seen.length);
    return status < 300
      ? Response.json({ documentId: `DOC-${seen.length}` }, { status })
      : new Response("busy", { status });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/documents`,
    seen,
    stop: () => server.shutdown(),
  };
}

/** Registers target `erp`, which POSTs the message with its key as the Idempotency-Key. */
function registerErp(t: TestApp, url: string, maxAttempts = 3) {
  registerOutboxTarget(t.deps.queue, "erp", async (m) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": m.key },
      body: JSON.stringify({ kind: m.kind, ...(m.payload as object) }),
    });
    if (res.status >= 400 && res.status < 500) {
      throw new PermanentJobError(`erp refused: ${res.status}`);
    }
    if (!res.ok) throw new Error(`erp answered ${res.status}: ${await res.text()}`);
    return await res.json();
  }, { maxAttempts, backoffBaseMs: 30 });
}

function outboxRow(t: TestApp, id: string) {
  return t.deps.db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

for (const backend of BACKENDS) {
  Deno.test(`[${backend}] an outbox message commits with its change and is delivered once after a retry`, async () => {
    const t = await startJobsApp(backend);
    const target = startTarget((n) => (n === 1 ? 503 : 201));
    try {
      registerErp(t, target.url);
      const actor = systemActor("req-1");
      const write = () =>
        withTx(t.deps.db, async (tx) => {
          await writeAudit(tx, actor, { entity: "return", entityId: "R-7", action: "create" });
          return await writeOutbox({ ...t.deps, db: tx }, {
            target: "erp",
            kind: "return.created",
            key: "R-7",
            payload: { returnId: "R-7", sum: 150_00 },
          });
        });
      const first = await write();
      const again = await write();
      assert.equal(first.duplicate, false);
      assert.equal(again.duplicate, true);
      assert.equal(again.message.id, first.message.id);
      // A change that rolls back takes its message with it.
      await withTx(t.deps.db, async (tx) => {
        await writeOutbox({ ...t.deps, db: tx }, {
          target: "erp",
          kind: "return.created",
          key: "R-8",
          payload: {},
        });
        throw new Error("stock check failed");
      }).catch(() => {});
      assert.equal((await t.deps.db.selectFrom("outbox").select("key").execute()).length, 1);

      await t.deps.queue.start(t.deps);
      const sent = await waitUntil("message sent", async () => {
        const row = await outboxRow(t, first.message.id);
        return row.status === "sent" ? row : undefined;
      });
      assert.deepEqual(sent.result, { documentId: "DOC-2" });
      assert.equal(sent.attempts, 2);
      assert.equal(sent.last_error, null);
      assert.ok(sent.sent_at);
      assert.equal(target.seen.length, 2);
      assert.deepEqual(target.seen.map((s) => s.key), ["R-7", "R-7"]);
      assert.deepEqual(target.seen[1].body, {
        kind: "return.created",
        returnId: "R-7",
        sum: 15000,
      });
      const job = await waitForJob(t.deps.db, sent.job_id!, ["done"]);
      assert.equal(job.type, "outbox:erp");
      assert.deepEqual(job.result, { documentId: "DOC-2" });
      const jobs = await t.deps.db.selectFrom("jobs").select("id").execute();
      assert.equal(jobs.length, 1, "one delivery job, also for the duplicate write");
    } finally {
      await t.close();
      await target.stop();
    }
  });

  Deno.test(`[${backend}] an undeliverable outbox message is dead after the last try and replay delivers it`, async () => {
    const t = await startJobsApp(backend);
    let up = false;
    const target = startTarget(() => (up ? 200 : 502));
    try {
      registerErp(t, target.url, 2);
      await t.deps.queue.start(t.deps);
      const { message } = await writeOutbox(t.deps, {
        target: "erp",
        kind: "visit.closed",
        key: "V-1",
        payload: { visitId: "V-1" },
      });
      const dead = await waitUntil("message dead", async () => {
        const row = await outboxRow(t, message.id);
        return row.status === "dead" ? row : undefined;
      });
      assert.equal(dead.attempts, 2);
      assert.match(dead.last_error ?? "", /erp answered 502/);

      const admin = await t.user(["ADMIN"]);
      const list = await t.trpc(admin.token).admin.outbox.list.query({
        status: "dead",
        target: "erp",
      });
      assert.equal(list.total, 1);
      assert.equal(list.items[0].id, message.id);
      const master = await t.user(["MASTER"]);
      const denied = await t.trpc(master.token).admin.outbox.replay.mutate({ id: message.id })
        .then(() => null, (e) => e);
      assert.equal(denied?.data?.httpStatus, 403);

      up = true;
      const replayed = await t.trpc(admin.token).admin.outbox.replay.mutate({ id: message.id });
      assert.equal(replayed.status, "pending");
      assert.equal(replayed.attempts, 0);
      const sent = await waitUntil("message sent", async () => {
        const row = await outboxRow(t, message.id);
        return row.status === "sent" ? row : undefined;
      });
      assert.equal(sent.attempts, 1);
      assert.equal(target.seen.length, 3);
      const again = await t.trpc(admin.token).admin.outbox.replay.mutate({ id: message.id })
        .then(() => null, (e) => e);
      assert.equal(again?.data?.httpStatus, 409, "a sent message is not sent twice");
    } finally {
      await t.close();
      await target.stop();
    }
  });

  Deno.test(`[${backend}] a replayed webhook delivery is stored once and has one effect`, async () => {
    const t = await startJobsApp(backend);
    try {
      const credited: string[] = [];
      let failNext = true;
      registerInboxHandler(t.deps.queue, "payment.captured", (d) => {
        if (failNext) {
          failNext = false;
          throw new Error("ledger locked");
        }
        credited.push((d.payload as { invoice: string }).invoice);
        return Promise.resolve({ credited: true });
      }, { backoffBaseMs: 30 });
      const receipt = {
        source: "bank",
        deliveryId: "evt_001",
        payload: { invoice: "INV-9", amount: 500_00 },
        handlerType: "payment.captured",
      };
      const first = await receiveInbox(t.deps, receipt);
      const second = await receiveInbox(t.deps, receipt);
      assert.equal(first.duplicate, false);
      assert.equal(second.duplicate, true);
      assert.equal(second.message.id, first.message.id);
      await t.deps.queue.start(t.deps);
      const processed = await waitUntil("delivery processed", async () => {
        const row = await t.deps.db.selectFrom("inbox").selectAll()
          .where("id", "=", first.message.id).executeTakeFirstOrThrow();
        return row.status === "processed" ? row : undefined;
      });
      const third = await receiveInbox(t.deps, receipt);
      assert.equal(third.duplicate, true);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(credited, ["INV-9"]);
      assert.equal(processed.attempts, 2);
      assert.deepEqual(processed.result, { credited: true });
      const row = await t.deps.db.selectFrom("inbox").selectAll().executeTakeFirstOrThrow();
      assert.equal(row.duplicates, 2);
      assert.equal((await t.deps.db.selectFrom("jobs").select("id").execute()).length, 1);
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] a dead inbox delivery shows in admin.inbox.list and replays`, async () => {
    const t = await startJobsApp(backend);
    try {
      let broken = true;
      registerInboxHandler(t.deps.queue, "ticket.updated", () => {
        if (broken) return Promise.reject(new PermanentJobError("unknown ticket"));
        return Promise.resolve({ applied: 1 });
      });
      await t.deps.queue.start(t.deps);
      const { message } = await receiveInbox(t.deps, {
        source: "chatwoot",
        deliveryId: "d-77",
        payload: { ticket: 77 },
        handlerType: "ticket.updated",
      });
      const admin = await t.user(["ADMIN"]);
      const client = t.trpc(admin.token);
      const dead = await waitUntil("delivery dead", async () => {
        const page = await client.admin.inbox.list.query({ status: "dead", source: "chatwoot" });
        return page.total === 1 ? page.items[0] : undefined;
      });
      assert.equal(dead.id, message.id);
      assert.equal(dead.last_error, "PermanentJobError: unknown ticket");
      broken = false;
      await client.admin.inbox.replay.mutate({ id: message.id });
      await waitUntil("delivery processed", async () => {
        const page = await client.admin.inbox.list.query({ status: "processed" });
        return page.total === 1;
      });
      const audit = await t.deps.db.selectFrom("audit_log").select(["entity", "action"])
        .where("actor_id", "=", admin.user.id).orderBy("entity").execute();
      assert.deepEqual(audit, [{ entity: "inbox", action: "replay" }, {
        entity: "job",
        action: "replay",
      }]);
    } finally {
      await t.close();
    }
  });
}
