import assert from "node:assert/strict";
import { getBytes, getText } from "../../storage/storage.ts";
import { parseTranscriptFile } from "../../routers/calls/layout.ts";
import { REGISTRY_COLUMNS } from "../../routers/calls/registry_csv.ts";
import { billedMinutes } from "../../routers/calls/cost.ts";
import { exportPeriod, startCallsBed, summaryOf, waitForRun, whisperUploads } from "./helpers.ts";

Deno.test("300 simulated calls over 60 days give 300 transcripts, a schema CSV and the right summary", async () => {
  const bed = await startCallsBed({ calls: 300 });
  try {
    const runId = await exportPeriod(bed.t);
    const run = await waitForRun(bed.t, runId, 240_000);
    const s = summaryOf(run);
    const calls = bed.b24.calls();
    const minutes = calls.reduce((n, c) => n + billedMinutes(c.durationS), 0);
    assert.equal(s.calls_found, 300);
    assert.equal(s.transcribed, 300);
    assert.equal(s.skipped, 0);
    assert.equal(s.failed, 0);
    assert.equal(s.minutes, minutes);
    assert.equal(s.cost_text, (minutes * 0.006).toFixed(3).replace(/0$/, ""));
    assert.equal(bed.ai.count({ path: "/v1/audio/transcriptions" }), 300);
    const csv = new TextDecoder("utf-8", { ignoreBOM: true })
      .decode(await getBytes(bed.t.deps.storage, s.csv_path!));
    const lines = csv.split("\r\n").filter(Boolean);
    assert.equal(lines[0], "\uFEFF" + REGISTRY_COLUMNS.join(";"));
    assert.equal(lines.length, 301);
    const row = lines[1].split(";");
    assert.equal(row.length, 20);
    assert.equal(row[0], runId);
    assert.equal(row[1], calls[0].row.CALL_ID);
    assert.match(row[3], /^2024-01-\d\dT\d\d:\d\d:\d\d\+03:00$/);
    assert.equal(row[16], "completed");
    const transcript = parseTranscriptFile(await getText(bed.t.deps.storage, row[10]));
    assert.equal(transcript.header.CALL_ID, calls[0].row.CALL_ID);
    assert.equal(transcript.header.LANGUAGE, "ru");
    assert.equal(transcript.body.trim().replace(/\n/g, " "), calls[0].text);
    assert.ok(Math.max(...whisperUploads(bed.ai).values()) === 1);
  } finally {
    await bed.close();
  }
});

Deno.test("a wrong webhook token fails the run at once, saying why", async () => {
  const bed = await startCallsBed({ calls: 3, env: { B24_WEBHOOK_TOKEN: "wrong-token" } });
  try {
    const run = await waitForRun(bed.t, await exportPeriod(bed.t));
    assert.equal(run.status, "error");
    assert.match(run.error ?? "", /INVALID_CREDENTIALS/);
    assert.equal(run.job?.status, "dead");
    assert.equal(bed.b24.count(), 1, "one refused request, no retries");
  } finally {
    await bed.close();
  }
});

Deno.test("recordings the portal keeps failing to serve end as download_failed after the job's tries; the run completes", async () => {
  const bed = await startCallsBed({
    calls: 2,
    env: { B24_MAX_ATTEMPTS: "2", JOBS_MAX_ATTEMPTS: "2" },
  });
  try {
    for (const path of ["/rest/download.json", "/telephony/records"]) {
      bed.b24.failNext({ status: 502, times: "always", path });
    }
    const run = await waitForRun(bed.t, await exportPeriod(bed.t));
    assert.equal(run.status, "completed");
    const s = summaryOf(run);
    assert.deepEqual(s.failed_by_code, { download_failed: 2 });
    const records = await bed.t.deps.db.selectFrom("call_records").selectAll().execute();
    assert.deepEqual(records.map((r) => [r.status, r.attempts, r.raw_path]), [
      ["error", 2, null],
      ["error", 2, null],
    ]);
    assert.equal(bed.ai.count(), 0);
  } finally {
    await bed.close();
  }
});
