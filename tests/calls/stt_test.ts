import assert from "node:assert/strict";
import { getBytes, getText } from "../../storage/storage.ts";
import { exportPeriod, startCallsBed, summaryOf, waitForRun, whisperUploads } from "./helpers.ts";

const STT = "/v1/audio/transcriptions";

async function registryRows(bed: Awaited<ReturnType<typeof startCallsBed>>, csvPath: string) {
  const text = new TextDecoder().decode(await getBytes(bed.t.deps.storage, csvPath));
  const [header, ...rows] = text.split("\r\n").filter(Boolean).map((l) => l.split(";"));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

Deno.test("Whisper 429s are retried (by the client, then by the job) until every call is transcribed", async () => {
  const bed = await startCallsBed({ calls: 3, env: { CALLS_CONCURRENCY: "1" } });
  try {
    // 4 tries per job attempt (the client retries 3 times): 6 refusals outlast the first attempt.
    bed.ai.failNext({ status: 429, times: 6, retryAfterS: 0.05, path: STT });
    const s = summaryOf(await waitForRun(bed.t, await exportPeriod(bed.t), 120_000));
    assert.equal(s.transcribed, 3);
    assert.equal(s.failed, 0);
    assert.equal(bed.ai.count({ path: STT, status: 429 }), 6);
    assert.equal(bed.ai.count({ path: STT, status: 200 }), 3);
    const jobs = await bed.t.deps.db.selectFrom("jobs").select(["attempts"])
      .where("type", "=", "calls.transcribe").orderBy("created_at").execute();
    assert.deepEqual(jobs.map((j) => j.attempts), [2, 1, 1], "the first call's job tried twice");
  } finally {
    await bed.close();
  }
});

Deno.test("a corrupt recording, one Whisper cannot decode and a missing one are reported; the run completes", async () => {
  const bed = await startCallsBed({ calls: 6 });
  try {
    const calls = bed.b24.calls();
    bed.b24.corrupt([2]);
    bed.b24.missing([4]);
    bed.ai.failNext({ status: 400, path: STT, message: "The audio file could not be decoded." });
    const run = await waitForRun(bed.t, await exportPeriod(bed.t));
    assert.equal(run.status, "completed");
    const s = summaryOf(run);
    assert.equal(s.transcribed, 3);
    assert.equal(s.failed, 3);
    assert.deepEqual(s.failed_by_code, { corrupt_audio: 2, missing_audio: 1 });
    // The broken file was caught before upload; the missing one was asked for once.
    assert.equal(whisperUploads(bed.ai).size, 4);
    assert.equal(bed.b24.downloads(calls[3].row.CALL_ID), 0);
    const report = await getText(bed.t.deps.storage, s.report_path!);
    assert.match(
      report,
      new RegExp(calls[1].row.CALL_ID.replaceAll(".", "\\.") + ".*corrupt_audio"),
    );
    assert.match(report, /missing_audio/);
    const rows = await registryRows(bed, s.csv_path!);
    const broken = rows.find((r) => r.call_id === calls[1].row.CALL_ID)!;
    assert.equal(broken.status, "error");
    assert.equal(broken.error_code, "corrupt_audio");
    assert.equal(broken.transcript_path, "");
  } finally {
    await bed.close();
  }
});

Deno.test("calls longer than STT_MAX_FILE_MINUTES are skipped with a reason, never downloaded, still listed", async () => {
  const bed = await startCallsBed({
    calls: 8,
    seed: { durationS: [20, 100] },
    env: { STT_MAX_FILE_MINUTES: "1" },
  });
  try {
    const long = bed.b24.calls().filter((c) => c.durationS > 60);
    assert.ok(long.length > 0 && long.length < 8, "the seed gives both kinds");
    const s = summaryOf(await waitForRun(bed.t, await exportPeriod(bed.t)));
    assert.equal(s.transcribed, 8 - long.length);
    assert.deepEqual(s.skipped_by_reason, { too_long: long.length });
    for (const c of long) assert.equal(bed.b24.downloads(c.row.CALL_ID), 0);
    const rows = await registryRows(bed, s.csv_path!);
    assert.equal(rows.length, 8);
    for (const c of long) {
      const row = rows.find((r) => r.call_id === c.row.CALL_ID)!;
      assert.equal(row.status, "transcription_pending");
      assert.equal(row.error_code, "too_long");
    }
  } finally {
    await bed.close();
  }
});

for (
  const [name, env] of [["OPENAI_API_KEY is empty", { OPENAI_API_KEY: "" }], [
    "STT_MAX_FILE_MINUTES=0",
    { STT_MAX_FILE_MINUTES: "0" },
  ]] as const
) {
  Deno.test(`with ${name} STT is off: the export lists every call as pending, nothing is downloaded or sent`, async () => {
    const bed = await startCallsBed({ calls: 4, env });
    try {
      const s = summaryOf(await waitForRun(bed.t, await exportPeriod(bed.t)));
      assert.equal(s.calls_found, 4);
      assert.equal(s.transcribed, 0);
      assert.deepEqual(s.skipped_by_reason, { stt_disabled: 4 });
      assert.equal(bed.b24.downloads(), 0);
      assert.equal(bed.ai.count(), 0);
      const rows = await registryRows(bed, s.csv_path!);
      assert.deepEqual(
        rows.map((r) => [r.status, r.error_code]),
        Array(4).fill(["transcription_pending", "stt_disabled"]),
      );
    } finally {
      await bed.close();
    }
  });
}

Deno.test("a recording above the upload limit is cut into pieces; the texts and durations are joined", async () => {
  const bed = await startCallsBed({
    calls: 2,
    seed: { durationS: [6, 6] },
    env: { STT_CHUNK_MAX_BYTES: "40000" },
  });
  try {
    const s = summaryOf(await waitForRun(bed.t, await exportPeriod(bed.t)));
    assert.equal(s.transcribed, 2);
    assert.equal(s.minutes, 2);
    const uploads = [...whisperUploads(bed.ai).entries()].sort();
    // 6 s of 8 kHz 16-bit audio is 96,000 bytes: three pieces of at most 40,000.
    assert.equal(uploads.length, 6);
    assert.ok(uploads.every(([name, n]) => /\.part[123]\.wav$/.test(name) && n === 1));
    const sizes = bed.ai.requests({ path: STT }).map((r) =>
      r.body.kind === "form" && typeof r.body.fields.file === "object" &&
        !Array.isArray(r.body.fields.file)
        ? r.body.fields.file.size
        : 0
    );
    assert.ok(sizes.every((n) => n <= 40_000), `piece sizes ${sizes}`);
    const t = await bed.t.deps.db.selectFrom("call_transcripts").selectAll().execute();
    for (const row of t) {
      assert.ok(row.text.length > 0);
      assert.ok(Math.abs((row.duration_sec ?? 0) - 6) < 0.01, `duration ${row.duration_sec}`);
      assert.ok(row.segments.at(-1)!.end > 4, "segment times continue across pieces");
    }
  } finally {
    await bed.close();
  }
});

Deno.test("a 27-minute recording (over Whisper's 25 MB) is sent in two uploads the API accepts", async () => {
  const bed = await startCallsBed({ calls: 1, seed: { durationS: [1650, 1650] } });
  try {
    const s = summaryOf(await waitForRun(bed.t, await exportPeriod(bed.t), 180_000));
    assert.equal(s.transcribed, 1);
    assert.equal(s.minutes, 28);
    const requests = bed.ai.requests({ path: STT });
    assert.deepEqual(requests.map((r) => r.status), [200, 200]);
  } finally {
    await bed.close();
  }
});
