import assert from "node:assert/strict";
import { z } from "zod";
import { withTx } from "../../db/tx.ts";
import { PermanentJobError } from "../../jobs/retry.ts";
import { claimJobs } from "../../jobs/store.ts";
import { systemActor } from "../../platform/actor.ts";
import { AppError } from "../../platform/errors.ts";
import { waitForJob, waitUntil } from "../helpers/wait.ts";
import { BACKENDS, gate, startJobsApp } from "./helpers.ts";

for (const backend of BACKENDS) {
  Deno.test(`[${backend}] a job that throws is retried with backoff and then succeeds`, async () => {
    const t = await startJobsApp(backend);
    try {
      const tries: number[] = [];
      const at: number[] = [];
      t.deps.queue.register<{ n: number }, { doubled: number }>("math.double", ({ job }) => {
        tries.push(job.attempt);
        at.push(Date.now());
        if (job.attempt === 1) throw new Error("upstream timed out");
        return { doubled: job.payload.n * 2 };
      }, { backoffBaseMs: 200 });
      await t.deps.queue.start(t.deps);
      const { job, created } = await t.deps.queue.enqueue("math.double", { n: 21 });
      assert.equal(created, true);
      assert.equal(job.status, "queued");
      const done = await waitForJob(t.deps.db, job.id, ["done"]);
      assert.ok(at[1] - at[0] >= 100, `retry waited for its backoff (${at[1] - at[0]} ms)`);
      assert.equal(done.last_error, "upstream timed out", "the failed try stays visible");
      assert.deepEqual(tries, [1, 2]);
      assert.equal(done.attempts, 2);
      assert.deepEqual(done.result, { doubled: 42 });
      assert.equal(done.progress, 100);
      assert.ok(done.finished_at);
      assert.equal(done.locked_by, null);
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] after the last try a job is dead; replay resets it and it runs`, async () => {
    const t = await startJobsApp(backend);
    try {
      let healthy = false;
      const deadHook: string[] = [];
      t.deps.queue.register("sms.send", ({ job }) => {
        if (!healthy) throw new Error(`gateway down (try ${job.attempt})`);
        return { sent: true, attempt: job.attempt };
      }, {
        maxAttempts: 2,
        backoffBaseMs: 20,
        onDead: (_tx, row, error) => Promise.resolve(void deadHook.push(`${row.id}: ${error}`)),
      });
      await t.deps.queue.start(t.deps);
      const { job } = await t.deps.queue.enqueue("sms.send", { to: "+79990000000" });
      const dead = await waitForJob(t.deps.db, job.id, ["dead"]);
      assert.equal(dead.attempts, 2);
      assert.equal(dead.max_attempts, 2);
      assert.equal(dead.last_error, "gateway down (try 2)");
      assert.deepEqual(deadHook, [`${job.id}: gateway down (try 2)`]);
      // Stays dead: nothing retries it behind the admin's back.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await waitForJob(t.deps.db, job.id, ["dead"])).attempts, 2);

      healthy = true;
      const admin = await t.user(["ADMIN"]);
      const replayed = await t.deps.queue.replay(job.id, {
        userId: admin.user.id,
        roles: ["ADMIN"],
      });
      assert.equal(replayed.status, "queued");
      assert.equal(replayed.attempts, 0);
      const done = await waitForJob(t.deps.db, job.id, ["done"]);
      assert.deepEqual(done.result, { sent: true, attempt: 1 });
      const audit = await t.deps.db.selectFrom("audit_log").selectAll()
        .where("entity", "=", "job").where("entity_id", "=", job.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0].action, "replay");
      assert.equal(audit[0].actor_id, admin.user.id);
      const again = await t.deps.queue.replay(job.id, systemActor()).then(() => null, (e) => e);
      assert.ok(
        again instanceof AppError && again.code === "CONFLICT",
        "a done job is not replayed",
      );
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] the same job enqueued twice with one dedup key runs once`, async () => {
    const t = await startJobsApp(backend);
    try {
      const runs: string[] = [];
      t.deps.queue.register<{ orderId: string }>("invoice.issue", ({ job }) => {
        runs.push(job.payload.orderId);
        return { invoice: `INV-${job.payload.orderId}` };
      });
      const q = t.deps.queue;
      // Both before the worker starts, so the second call cannot just see a finished job.
      const [a, b] = await Promise.all([
        q.enqueue("invoice.issue", { orderId: "42" }, { dedupKey: "order-42" }),
        q.enqueue("invoice.issue", { orderId: "42" }, { dedupKey: "order-42" }),
      ]);
      assert.equal(a.job.id, b.job.id);
      assert.deepEqual([a.created, b.created].sort(), [false, true]);
      await q.start(t.deps);
      await waitForJob(t.deps.db, a.job.id, ["done"]);
      // Past Postgres's five custom plans, so a generic plan of the insert is exercised too.
      for (let i = 0; i < 7; i++) {
        const again = await q.enqueue("invoice.issue", { orderId: "42" }, { dedupKey: "order-42" });
        assert.equal(again.created, false, "a done job still holds its business key");
        assert.equal(again.job.status, "done");
      }
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(runs, ["42"]);
      const rows = await t.deps.db.selectFrom("jobs").select("id")
        .where("dedup_key", "=", "order-42").execute();
      assert.equal(rows.length, 1);
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] progress is readable while the job runs; a delayed job waits`, async () => {
    const t = await startJobsApp(backend);
    try {
      const step = gate();
      t.deps.queue.register("report.build", async ({ progress }) => {
        progress(40, "rows 400/1000");
        await step.promise;
        progress(90, "writing file");
        return { file: "report.xlsx" };
      });
      await t.deps.queue.start(t.deps);
      const { job } = await t.deps.queue.enqueue("report.build", {});
      const live = await waitUntil("progress 40", async () => {
        const row = await t.deps.db.selectFrom("jobs").selectAll().where("id", "=", job.id)
          .executeTakeFirstOrThrow();
        return row.progress === 40 ? row : undefined;
      });
      assert.equal(live.status, "running");
      assert.equal(live.progress_message, "rows 400/1000");
      step.open();
      const done = await waitForJob(t.deps.db, job.id, ["done"]);
      assert.equal(done.progress, 100);
      assert.equal(done.progress_message, "writing file");

      const started = Date.now();
      const later = await t.deps.queue.enqueue("report.build", {}, { delay: 700 });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await waitForJob(t.deps.db, later.job.id, ["queued"])).attempts, 0);
      await waitForJob(t.deps.db, later.job.id, ["done"]);
      assert.ok(Date.now() - started >= 700, "not run before its delay");
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] a job enqueued in a rolled-back transaction never runs`, async () => {
    const t = await startJobsApp(backend);
    try {
      const ran: string[] = [];
      t.deps.queue.register<{ tag: string }>("note.index", ({ job }) => {
        ran.push(job.payload.tag);
      });
      await t.deps.queue.start(t.deps);
      const failed = await withTx(t.deps.db, async (tx) => {
        await t.deps.queue.enqueue("note.index", { tag: "rolled-back" }, { tx });
        throw new Error("business rule failed");
      }).catch((e) => e);
      assert.equal(failed.message, "business rule failed");
      const committed = await withTx(t.deps.db, async (tx) => {
        const { job } = await t.deps.queue.enqueue("note.index", { tag: "committed" }, { tx });
        await new Promise((r) => setTimeout(r, 150)); // the wake-up arrives before the commit
        return job;
      });
      await waitForJob(t.deps.db, committed.id, ["done"]);
      assert.deepEqual(ran, ["committed"]);
      const count = await t.deps.db.selectFrom("jobs").select((e) => e.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1);
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] a bad payload is refused at enqueue; a permanent error is dead at once`, async () => {
    const t = await startJobsApp(backend);
    try {
      t.deps.queue.register("push.send", () => {
        throw new PermanentJobError("subscription gone (410)");
      }, { payload: z.object({ userId: z.string().uuid() }) });
      const bad = await t.deps.queue.enqueue("push.send", { userId: "nope" }).catch((e) => e);
      assert.ok(bad instanceof AppError);
      assert.equal(bad.status, 422);
      assert.equal(bad.fields[0].field, "userId");
      await assert.rejects(t.deps.queue.enqueue("no.such.type", {}), /no handler registered/);
      await t.deps.queue.start(t.deps);
      const { job } = await t.deps.queue.enqueue("push.send", { userId: crypto.randomUUID() });
      const dead = await waitForJob(t.deps.db, job.id, ["dead"]);
      assert.equal(dead.attempts, 1);
      assert.equal(dead.last_error, "PermanentJobError: subscription gone (410)");
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] a job whose worker vanished is taken over after the lease`, async () => {
    const t = await startJobsApp(backend, { leaseMs: 300, sweepMs: 100 });
    try {
      const runs: number[] = [];
      t.deps.queue.register("photo.resize", ({ job }) => void runs.push(job.attempt));
      const { job } = await t.deps.queue.enqueue("photo.resize", {});
      // Another worker claims it and dies without a trace.
      const [claimed] = await claimJobs(t.deps.db, {
        workerId: "ghost",
        leaseMs: 300,
        limit: 1,
        id: job.id,
      });
      assert.equal(claimed.status, "running");
      await t.deps.queue.start(t.deps);
      const done = await waitForJob(t.deps.db, job.id, ["done"]);
      assert.deepEqual(runs, [2]);
      assert.equal(done.attempts, 2);
    } finally {
      await t.close();
    }
  });

  Deno.test(`[${backend}] stop drains running handlers and hands back the overdue ones`, async () => {
    const t = await startJobsApp(backend, { drainTimeoutMs: 300 });
    try {
      const quick = gate();
      let aborted = false;
      t.deps.queue.register<{ slow: boolean }>("work.item", async ({ job, signal }) => {
        if (!job.payload.slow) return await quick.promise.then(() => "quick done");
        await new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            aborted = true;
            resolve();
          });
        });
        return "never stored";
      });
      await t.deps.queue.start(t.deps);
      const fast = await t.deps.queue.enqueue("work.item", { slow: false });
      const slow = await t.deps.queue.enqueue("work.item", { slow: true });
      await waitForJob(t.deps.db, fast.job.id, ["running"]);
      await waitForJob(t.deps.db, slow.job.id, ["running"]);
      setTimeout(quick.open, 100);
      await t.deps.queue.stop();
      assert.equal(t.deps.queue.running, false);
      assert.equal((await waitForJob(t.deps.db, fast.job.id, ["done"])).result, "quick done");
      const back = await waitForJob(t.deps.db, slow.job.id, ["queued"]);
      assert.equal(aborted, true, "the handler's signal was aborted");
      assert.equal(back.attempts, 0, "an interrupted try is not counted");
      assert.equal(back.locked_by, null);
      assert.equal(back.result, null);
    } finally {
      await t.close();
    }
  });
}
