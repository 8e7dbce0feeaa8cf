import assert from "node:assert/strict";
import { TRPCClientError } from "@trpc/client";
import { upsertListed } from "../../routers/calls/records.ts";
import { waitUntil } from "../helpers/wait.ts";
import { exportPeriod, startCallsBed, waitForRun } from "./helpers.ts";

Deno.test("tRPC: a supervisor starts an export and watches listed/done/failed progress on the run and its job", async () => {
  const bed = await startCallsBed({ calls: 12, env: { CALLS_CONCURRENCY: "2" } });
  try {
    const { token } = await bed.t.user(["SUPERVISOR"]);
    const trpc = bed.t.trpc(token);
    const started = await trpc.calls.startExport.mutate({ from: "2024-01-01", to: "2024-02-29" });
    assert.equal(started.created, true);
    const again = await trpc.calls.startExport.mutate({ from: "2024-01-01", to: "2024-02-29" });
    assert.equal(again.created, false, "the same period in progress is not started twice");
    assert.equal(again.run.id, started.run.id);
    const seen = new Set<number>();
    let run = started.run;
    // The run completes inside its job; the job is marked done a moment after it returns.
    const until = Date.now() + 60_000;
    while (run.status !== "completed" || run.job?.status === "running") {
      assert.ok(Date.now() < until, `run not finished: ${JSON.stringify(run)}`);
      run = await trpc.calls.run.query({ id: run.id });
      if (run.job?.progress !== undefined) seen.add(run.job.progress);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(run.counts.listed, 12);
    assert.equal(run.counts.completed, 12);
    assert.equal(run.job?.status, "done");
    assert.equal(run.job?.progress, 100);
    assert.ok([...seen].some((p) => p > 0 && p < 100), `intermediate progress seen: ${[...seen]}`);
    const job = await bed.t.deps.db.selectFrom("jobs").selectAll().where("id", "=", run.job!.id)
      .executeTakeFirstOrThrow();
    assert.equal(job.type, "calls.export");
    // The jobs page (jobs.list, own scope) shows the run with its progress, not each call.
    const mine = await trpc.jobs.list.query({ scope: "own" });
    assert.deepEqual(mine.items.map((j) => [j.type, j.progress]), [["calls.export", 100]]);
    // The run's files come as short-lived links; the registry behind one is the CSV.
    const files = await trpc.calls.files.query({ id: run.id });
    const csv = await bed.t.app.request(files.csv);
    assert.equal(csv.status, 200);
    assert.match(await csv.text(), /run_id;call_id;record_id/);
    assert.match(await (await bed.t.app.request(files.report)).text(), /^# Тексты звонков/);
    const runs = await trpc.calls.runs.query();
    assert.equal(runs[0].id, run.id);
    const list = await trpc.calls.list.query({ runId: run.id, pageSize: 5, page: 3 });
    assert.equal(list.total, 12);
    assert.equal(list.items.length, 2);
  } finally {
    await bed.close();
  }
});

Deno.test("search finds Russian word forms with <mark> snippets, pages, masks numbers for operators, and is empty for a blank query", async () => {
  const bed = await startCallsBed({ calls: 30 });
  try {
    const runId = await waitForRun(bed.t, await exportPeriod(bed.t)).then((r) => r.id);
    const { token: sup } = await bed.t.user(["SUPERVISOR"]);
    const { token: op } = await bed.t.user(["OPERATOR"]);
    const washing = bed.b24.calls().filter((c) => c.text.includes("стиральной машины"));
    assert.ok(washing.length >= 2, "the seed has several calls about washing machines");
    // "стиральная машина" matches "стиральной машины" through the Russian stemmer.
    const page1 = await bed.t.trpc(sup).calls.search.query({ q: "стиральная машина", pageSize: 1 });
    assert.equal(page1.total, washing.length);
    assert.match(page1.items[0].snippet, /<mark>стиральной<\/mark> <mark>машины<\/mark>/);
    const page2 = await bed.t.trpc(sup).calls.search.query({
      q: "стиральная машина",
      pageSize: 1,
      page: 2,
    });
    assert.notEqual(page2.items[0].id, page1.items[0].id);
    const all = await bed.t.trpc(sup).calls.search.query({ q: "стиральная машина", pageSize: 50 });
    assert.deepEqual(
      new Set(all.items.map((i) => i.call_id)),
      new Set(washing.map((c) => c.row.CALL_ID)),
    );
    assert.match(all.items[0].from, /^\+\d{11}$/);
    const masked = await bed.t.trpc(op).calls.search.query({ q: "стиральная машина" });
    assert.ok(masked.items.every((i) => i.from.includes("***") && i.to.includes("***")));
    assert.deepEqual(await bed.t.trpc(sup).calls.search.query({ q: "   " }), {
      items: [],
      total: 0,
      page: 1,
      page_size: 20,
    });
    // A transcript holding markup is escaped; only the marks are HTML.
    await upsertListed(bed.t.deps.db, runId, [{
      callId: "X.1",
      recordId: "x1",
      recordFileId: null,
      recordingUrl: "https://portal/x1.mp3",
      direction: "inbound",
      from: "+79990000000",
      to: "+74951234567",
      employeeId: null,
      startedAt: new Date("2024-01-05T10:00:00+03:00"),
      durationSec: 5,
    }]);
    const rec = await bed.t.deps.db.selectFrom("call_records").select("id").where(
      "call_id",
      "=",
      "X.1",
    ).executeTakeFirstOrThrow();
    await bed.t.deps.db.insertInto("call_transcripts").values({
      record_id: rec.id,
      text: "<img src=x onerror=alert(1)> кофемашина сломалась",
    }).execute();
    const xss = await bed.t.trpc(sup).calls.search.query({ q: "кофемашина" });
    assert.equal(xss.total, 1);
    assert.ok(!xss.items[0].snippet.includes("<img"), xss.items[0].snippet);
    assert.match(xss.items[0].snippet, /&#62; <mark>кофемашина<\/mark>/);
    assert.doesNotMatch(xss.items[0].snippet.replace(/<\/?mark>/g, ""), /[<>]/);
  } finally {
    await bed.close();
  }
});

Deno.test("a failed call is retried from the UI by a supervisor; operators may not; a done call cannot be", async () => {
  const bed = await startCallsBed({ calls: 3 });
  try {
    bed.b24.missing([2]);
    const run = await waitForRun(bed.t, await exportPeriod(bed.t));
    const failed =
      (await bed.t.deps.db.selectFrom("call_records").selectAll().where("status", "=", "error")
        .execute())[0];
    assert.equal(failed.error_code, "missing_audio");
    const { token: op } = await bed.t.user(["OPERATOR"]);
    const denied = await bed.t.trpc(op).calls.retry.mutate({ id: failed.id }).catch((e) => e);
    assert.ok(denied instanceof TRPCClientError && denied.data?.code === "FORBIDDEN");
    const { token } = await bed.t.user(["SUPERVISOR"]);
    const done =
      (await bed.t.trpc(token).calls.list.query({ runId: run.id, status: "completed" })).items[0];
    const conflict = await bed.t.trpc(token).calls.retry.mutate({ id: done.id }).catch((e) => e);
    assert.equal(conflict?.data?.code, "CONFLICT");
    // The recording is back on the portal; the retry transcribes it.
    bed.b24.restore([2]);
    const retried = await bed.t.trpc(token).calls.retry.mutate({ id: failed.id });
    assert.equal(retried.status, "queued");
    const full = await waitUntil("the retried call to complete", async () => {
      const now = await bed.t.trpc(token).calls.get.query({ id: failed.id });
      return now.status === "completed" && now;
    });
    assert.equal(full.status, "completed");
    assert.equal(full.transcript?.text, bed.b24.calls()[1].text);
    const audit = await bed.t.deps.db.selectFrom("audit_log").selectAll()
      .where("entity", "=", "call_record").where("action", "=", "retry").execute();
    assert.equal(audit.length, 1);
  } finally {
    await bed.close();
  }
});
