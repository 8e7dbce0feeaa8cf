import assert from "node:assert/strict";
import { runRetention } from "../../jobs/calls/retention.ts";
import { waitUntil } from "../helpers/wait.ts";
import { exportPeriod, startCallsBed, summaryOf, waitForRun } from "./helpers.ts";

const DAY = 86_400_000;

async function files(dir: string, sub = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${dir}/${sub}`)) {
    const key = sub ? `${sub}/${e.name}` : e.name;
    if (e.name.startsWith(".")) continue;
    if (e.isDirectory) out.push(...await files(dir, key));
    else out.push(key);
  }
  return out;
}

async function age(dir: string, keys: string[], days: number) {
  const when = new Date(Date.now() - days * DAY);
  for (const k of keys) await Deno.utime(`${dir}/${k}`, when, when);
}

Deno.test("retention deletes raw audio, transcripts and registries past their ages, and only those", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldhub-calls-retention-" });
  const bed = await startCallsBed({
    calls: 4,
    env: {
      LOCAL_STORAGE_DIR: dir,
      CALLS_RETENTION_RAW_DAYS: "90",
      CALLS_RETENTION_TRANSCRIPT_DAYS: "180",
      CALLS_RETENTION_REGISTRY_DAYS: "365",
    },
  });
  try {
    const s = summaryOf(await waitForRun(bed.t, await exportPeriod(bed.t)));
    const all = await files(dir);
    const raw = all.filter((k) => k.startsWith("raw/"));
    const transcripts = all.filter((k) => k.includes("/transcripts/"));
    assert.equal(raw.length, 4);
    assert.equal(transcripts.length, 4);
    // Two recordings are 91 days old, two 89; transcripts 179; the registry and report 366.
    await age(dir, raw.slice(0, 2), 91);
    await age(dir, raw.slice(2), 89);
    await age(dir, transcripts, 179);
    await age(dir, [s.csv_path!, s.report_path!], 366);
    const result = await runRetention(bed.t.deps);
    assert.deepEqual(result, { raw: 2, transcripts: 0, registries: 2, transcriptRows: 0 });
    const left = await files(dir);
    assert.deepEqual(left.filter((k) => k.startsWith("raw/")).sort(), raw.slice(2).sort());
    assert.equal(left.filter((k) => k.includes("/transcripts/")).length, 4);
    assert.ok(!left.includes(s.csv_path!) && !left.includes(s.report_path!));
    const cleared = await bed.t.deps.db.selectFrom("call_records").select("raw_path")
      .where("raw_path", "is", null).execute();
    assert.equal(cleared.length, 2, "the deleted recordings are no longer referenced");

    await age(dir, transcripts.slice(0, 1), 181);
    const second = await runRetention(bed.t.deps);
    assert.deepEqual(second, { raw: 0, transcripts: 1, registries: 0, transcriptRows: 1 });
    const records = await bed.t.deps.db.selectFrom("call_records").selectAll()
      .where("transcript_path", "is", null).execute();
    assert.equal(records.length, 1);
    assert.equal(records[0].text_preview, null, "the preview goes with the transcript");
    assert.equal(records[0].status, "completed", "a later run will not transcribe it again");
    const texts = await bed.t.deps.db.selectFrom("call_transcripts").select("record_id").execute();
    assert.equal(texts.length, 3);
  } finally {
    await bed.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a retention age of 0 keeps everything of that class", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fieldhub-calls-retention-" });
  const bed = await startCallsBed({
    calls: 2,
    env: {
      LOCAL_STORAGE_DIR: dir,
      CALLS_RETENTION_RAW_DAYS: "0",
      CALLS_RETENTION_TRANSCRIPT_DAYS: "0",
      CALLS_RETENTION_REGISTRY_DAYS: "0",
    },
  });
  try {
    await waitForRun(bed.t, await exportPeriod(bed.t));
    const all = await files(dir);
    await age(dir, all, 5000);
    assert.deepEqual(await runRetention(bed.t.deps), {
      raw: 0,
      transcripts: 0,
      registries: 0,
      transcriptRows: 0,
    });
    assert.equal((await files(dir)).length, all.length);
  } finally {
    await bed.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the daily retention job runs once per day and schedules the next day's at 02:00 UTC", async () => {
  const bed = await startCallsBed();
  try {
    const { scheduleCallRetention, nextRunAt } = await import("../../jobs/calls/retention.ts");
    await scheduleCallRetention(bed.t.deps.queue);
    await scheduleCallRetention(bed.t.deps.queue);
    const jobs = await waitUntil("today's retention run and tomorrow's", async () => {
      const rows = await bed.t.deps.db.selectFrom("jobs").selectAll()
        .where("type", "=", "calls.retention").orderBy("created_at").execute();
      return rows.length >= 2 && rows[0].status === "done" && rows;
    });
    assert.equal(jobs.length, 2, "today's run, and tomorrow's scheduled by it");
    assert.equal(jobs[0].status, "done");
    const next = nextRunAt(new Date());
    assert.equal(jobs[1].dedup_key, `day:${next.toISOString().slice(0, 10)}`);
    assert.ok(Math.abs(new Date(jobs[1].run_at).getTime() - next.getTime()) < 5_000);
    assert.equal(
      nextRunAt(new Date("2024-05-01T01:00:00Z")).toISOString(),
      "2024-05-02T02:00:00.000Z",
      "a run made before 02:00 (at start-up) is followed by tomorrow's, not today's",
    );
    assert.equal(
      nextRunAt(new Date("2024-05-01T02:00:00Z")).toISOString(),
      "2024-05-02T02:00:00.000Z",
    );
  } finally {
    await bed.close();
  }
});
