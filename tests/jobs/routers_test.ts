import assert from "node:assert/strict";
import { request } from "../helpers/app.ts";
import { waitForJob, waitUntil } from "../helpers/wait.ts";
import { gate, startJobsApp } from "./helpers.ts";

Deno.test("jobs.list and jobs.get show a user their own jobs with live progress; admins see all", async () => {
  const t = await startJobsApp("postgres");
  try {
    const release = gate();
    t.deps.queue.register<{ entity: string }>("export.xlsx", async ({ job, progress }) => {
      progress(30, `exporting ${job.payload.entity}`);
      await release.promise;
      return { file: `${job.payload.entity}.xlsx` };
    });
    const ann = await t.user(["ENGINEER"]);
    const bob = await t.user(["ENGINEER"]);
    const admin = await t.user(["ADMIN"]);
    const q = t.deps.queue;
    const annJob = (await q.enqueue("export.xlsx", { entity: "objects" }, {
      createdBy: ann.user.id,
    })).job;
    await q.enqueue("export.xlsx", { entity: "visits" }, { createdBy: bob.user.id });
    await q.enqueue("export.xlsx", { entity: "people" }, { createdBy: bob.user.id });
    await q.start(t.deps, { concurrency: 3 });

    const annClient = t.trpc(ann.token);
    const live = await waitUntil("progress visible", async () => {
      const job = await annClient.jobs.get.query({ id: annJob.id });
      return job.progress === 30 ? job : undefined;
    });
    assert.equal(live.status, "running");
    assert.equal(live.progress_message, "exporting objects");
    assert.equal(live.attempts, 1);
    assert.equal(live.max_attempts, 3);
    assert.equal(live.payload, undefined, "payloads are for admins");

    const own = await annClient.jobs.list.query({ scope: "all" });
    assert.deepEqual(own.items.map((j) => j.id), [annJob.id], "scope all is for admins only");
    assert.deepEqual({ page: own.page, limit: own.limit, total: own.total, pages: own.pages }, {
      page: 1,
      limit: 20,
      total: 1,
      pages: 1,
    });
    const notYours = await t.trpc(bob.token).jobs.get.query({ id: annJob.id })
      .then(() => null, (e) => e);
    assert.equal(notYours?.data?.httpStatus, 404);

    release.open();
    await waitForJob(t.deps.db, annJob.id, ["done"]);
    const done = await annClient.jobs.get.query({ id: annJob.id });
    assert.deepEqual(done.result, { file: "objects.xlsx" });
    assert.equal(done.progress, 100);
    assert.ok(done.finished_at && done.started_at && done.created_at);

    const all = await t.trpc(admin.token).jobs.list.query({ scope: "all", limit: 2 });
    assert.equal(all.total, 3);
    assert.equal(all.pages, 2);
    assert.equal(all.items.length, 2);
    const adminList = await t.trpc(admin.token).admin.jobs.list.query({
      type: "export.xlsx",
      from: new Date(Date.now() - 60_000).toISOString(),
      page: 2,
      limit: 2,
    });
    assert.equal(adminList.items.length, 1);
    assert.ok(adminList.items[0].payload, "admins see payloads");
    const future = await t.trpc(admin.token).admin.jobs.list.query({
      from: new Date(Date.now() + 60_000).toISOString(),
    });
    assert.equal(future.total, 0);
    const forbidden = await annClient.admin.jobs.list.query({}).then(() => null, (e) => e);
    assert.equal(forbidden?.data?.httpStatus, 403);
    const badStatus = await t.trpc(admin.token).admin.jobs.list
      .query({ status: "lost" as "dead" }).then(() => null, (e) => e);
    assert.equal(badStatus?.data?.httpStatus, 400);
    assert.equal(badStatus?.data?.errors?.[0]?.field, "status");
  } finally {
    await t.close();
  }
});

Deno.test("a user retries their own dead job through jobs.replay; another user cannot", async () => {
  const t = await startJobsApp("kv");
  try {
    let fixed = false;
    t.deps.queue.register("transcribe.call", () => {
      if (!fixed) throw new Error("speech service 500");
      return { words: 120 };
    }, { maxAttempts: 1 });
    const owner = await t.user(["OPERATOR"]);
    const other = await t.user(["OPERATOR"]);
    await t.deps.queue.start(t.deps);
    const { job } = await t.deps.queue.enqueue("transcribe.call", { callId: 5 }, {
      createdBy: owner.user.id,
    });
    await waitForJob(t.deps.db, job.id, ["dead"]);
    const denied = await t.trpc(other.token).jobs.replay.mutate({ id: job.id })
      .then(() => null, (e) => e);
    assert.equal(denied?.data?.httpStatus, 404);
    fixed = true;
    const again = await t.trpc(owner.token, { "Idempotency-Key": "retry-transcribe-5" })
      .jobs.replay.mutate({ id: job.id });
    assert.equal(again.status, "queued");
    const done = await waitForJob(t.deps.db, job.id, ["done"]);
    assert.deepEqual(done.result, { words: 120 });
  } finally {
    await t.close();
  }
});

Deno.test("GET /worker/health is 503 without a worker and 200 with counts once one runs", async () => {
  const t = await startJobsApp("kv");
  try {
    t.deps.queue.register("noop", () => undefined, { maxAttempts: 1 });
    const down = await request(t.app, "GET", "/worker/health");
    assert.equal(down.status, 503);
    const problem = await down.json();
    assert.equal(problem.status, 503);
    assert.equal(problem.workers, 0);
    assert.match(problem.detail, /no job worker is running/);
    const ready = await request(t.app, "GET", "/worker/ready");
    assert.equal(ready.status, 200, "the backend is reachable even without a worker");
    assert.deepEqual(await ready.json(), { status: "ready", backend: "kv" });

    await t.deps.queue.enqueue("noop", {}, { delay: 3_600_000 });
    await t.deps.queue.start(t.deps);
    const up = await request(t.app, "GET", "/worker/health");
    assert.equal(up.status, 200);
    const body = await up.json();
    assert.equal(body.status, "ok");
    assert.equal(body.backend, "kv");
    assert.equal(body.worker_running, true);
    assert.equal(body.workers, 1);
    assert.equal(body.queued, 1);
    assert.equal(body.queue_length, 1);
    assert.equal(body.dead, 0);
  } finally {
    await t.close();
  }
});

Deno.test("GET /worker/ready and /worker/health answer 503 when the queue backend is unreachable", async () => {
  const t = await startJobsApp("kv");
  try {
    await t.deps.queue.start(t.deps);
    assert.equal((await request(t.app, "GET", "/worker/ready")).status, 200);
    await t.deps.queue.close(); // the KV store behind the queue is gone
    const ready = await request(t.app, "GET", "/worker/ready");
    assert.equal(ready.status, 503);
    assert.match((await ready.json()).detail, /Queue backend unreachable/);
    assert.equal((await request(t.app, "GET", "/worker/health")).status, 503);
  } finally {
    await t.close();
  }
});
