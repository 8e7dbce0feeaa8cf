import assert from "node:assert/strict";
import { request } from "../helpers/app.ts";
import { waitForJob, waitUntil } from "../helpers/wait.ts";
import { exportPeriod, startCallsBed, summaryOf, waitForRun, whisperUploads } from "./helpers.ts";

const STT = "/v1/audio/transcriptions";

Deno.test("a transcription Whisper refuses for good is dead-lettered; only an admin requeues it, once, with an audit entry", async () => {
  const bed = await startCallsBed({ calls: 2, env: { CALLS_CONCURRENCY: "1" } });
  try {
    // 401: a key problem retrying cannot fix — the job goes dead at once.
    bed.ai.failNext({ status: 401, path: STT });
    const run = await waitForRun(bed.t, await exportPeriod(bed.t));
    assert.deepEqual(summaryOf(run).failed_by_code, { stt_failed: 1 });
    const admin = await bed.t.user(["ADMIN"]);
    const supervisor = await bed.t.user(["SUPERVISOR"]);
    const dead = await bed.t.trpc(admin.token).calls.deadLetters.query();
    assert.equal(dead.length, 1);
    assert.equal(dead[0].status_code, 401);
    const entry = dead[0].entry_id;
    const path = `/api/v1/admin/stt/dlq/${entry}/requeue`;

    const forbidden = await request(bed.t.app, "POST", path, { token: supervisor.token });
    assert.equal(forbidden.status, 403);
    assert.equal((await request(bed.t.app, "POST", path)).status, 401);
    const unknown = await request(
      bed.t.app,
      "POST",
      `/api/v1/admin/stt/dlq/${crypto.randomUUID()}/requeue`,
      { token: admin.token },
    );
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).title, "DLQ entry not found");

    const res = await request(bed.t.app, "POST", path, { token: admin.token });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, "requeued");
    assert.equal(body.entry_id, entry);
    assert.equal(body.job.record_id, dead[0].record_id);
    assert.equal(body.status_code, 401);
    assert.match(body.reason, /Whisper refused/);
    assert.ok(body.failed_at);
    const record = await bed.t.deps.db.selectFrom("call_records").selectAll()
      .where("id", "=", dead[0].record_id).executeTakeFirstOrThrow();
    assert.equal(record.status, "queued", "the call is back in the queue");
    assert.equal(record.error_code, null);

    await waitUntil(
      "the requeued call to complete",
      async () =>
        (await bed.t.deps.db.selectFrom("call_records").select("status")
          .where("id", "=", dead[0].record_id).executeTakeFirstOrThrow()).status === "completed",
    );
    // The record completes inside its job; the job is marked done a moment after it returns.
    const job = await waitForJob(bed.t.deps.db, entry, ["done", "failed", "dead"]);
    assert.equal(job.status, "done");
    assert.equal(job.attempts, 1, "the requeued job ran once");
    assert.deepEqual(
      [...whisperUploads(bed.ai).values()].sort(),
      [1, 2],
      "the refused call was sent once more",
    );
    assert.equal((await bed.t.trpc(admin.token).calls.deadLetters.query()).length, 0);
    const audit = await bed.t.deps.db.selectFrom("audit_log").selectAll()
      .where("action", "=", "stt_dlq_requeue").execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor_id, admin.user.id);
    assert.equal((audit[0].meta as { event: string }).event, "stt_dlq_requeue");
    const again = await request(bed.t.app, "POST", path, { token: admin.token });
    assert.equal(again.status, 404, "a job no longer dead is not a DLQ entry");
  } finally {
    await bed.close();
  }
});
