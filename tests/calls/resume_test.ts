import assert from "node:assert/strict";
import { startBitrix24Simulator } from "../../integrations/bitrix24/simulator.ts";
import { startOpenAISimulator } from "../../integrations/openai/simulator.ts";
import { getRun } from "../../routers/calls/runs.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { waitUntil } from "../helpers/wait.ts";
import {
  exportPeriod,
  PERIOD,
  startCallsBed,
  summaryOf,
  waitForRun,
  whisperUploads,
} from "./helpers.ts";

Deno.test("an export stopped halfway resumes on a new instance: 300 transcripts, none sent twice; a re-run sends none", async () => {
  const b24 = await startBitrix24Simulator({
    bucket: null,
    calls: { count: 300, ...PERIOD, seed: 7, durationS: [2, 4] },
  });
  const ai = await startOpenAISimulator();
  const database = await openTestDatabase();
  const storageDir = await Deno.makeTempDir({ prefix: "fieldhub-calls-resume-" });
  const env = { LOCAL_STORAGE_DIR: storageDir };
  try {
    // Stopped with a 50 ms drain: running jobs are cut off and handed back mid-way.
    const first = await startCallsBed({ database, env, sims: { b24, ai }, drainMs: 50 });
    const runId = await exportPeriod(first.t);
    // Wait until about half of the calls are done, then stop that instance mid-flight.
    await waitUntil(
      "half of the calls to complete",
      async () => (await getRun(first.t.deps, runId)).counts.completed >= 150,
      240_000,
    );
    await first.close();
    const halfway = ai.count({ path: "/v1/audio/transcriptions" });
    assert.ok(halfway >= 150 && halfway < 300, `${halfway} transcriptions before the stop`);

    const second = await startCallsBed({ database, env, sims: { b24, ai } });
    try {
      const run = await waitForRun(second.t, runId, 300_000);
      const s = summaryOf(run);
      assert.equal(s.calls_found, 300);
      assert.equal(s.transcribed, 300, "the resumed run counts every transcription of its own");
      assert.equal(s.failed, 0);
      const transcripts = await second.t.deps.db.selectFrom("call_transcripts")
        .select((e) => e.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
      assert.equal(Number(transcripts.n), 300);
      const uploads = whisperUploads(ai);
      assert.equal(uploads.size, 300, "every recording reached Whisper");
      assert.deepEqual([...new Set(uploads.values())], [1], "no recording was sent twice");
      assert.equal(b24.downloads(), 300, "no recording was downloaded twice");

      // A second run of the same period lists again but transcribes nothing.
      const again = summaryOf(await waitForRun(second.t, await exportPeriod(second.t), 120_000));
      assert.equal(again.calls_found, 300);
      assert.equal(again.transcribed, 0);
      assert.equal(again.already_transcribed, 300);
      assert.equal(again.minutes, 0);
      assert.equal(ai.count({ path: "/v1/audio/transcriptions" }), 300);
      assert.equal(b24.downloads(), 300);
    } finally {
      await second.close();
    }
  } finally {
    await b24.stop();
    await ai.stop();
    await database.close();
    await Deno.remove(storageDir, { recursive: true });
  }
});
