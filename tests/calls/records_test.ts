import assert from "node:assert/strict";
import { sql } from "kysely";
import { systemActor } from "../../platform/actor.ts";
import type { ListedCall } from "../../routers/calls/call_row.ts";
import { listedCall, toE164 } from "../../routers/calls/call_row.ts";
import {
  rawKey,
  registryKey,
  reportKey,
  safeId,
  transcriptKey,
} from "../../routers/calls/layout.ts";
import { getRecord, upsertListed } from "../../routers/calls/records.ts";
import { startExport } from "../../routers/calls/runs.ts";
import { checkKey } from "../../storage/keys.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { PERIOD } from "./helpers.ts";

const TZ = "Europe/Moscow";

function call(over: Partial<ListedCall> = {}): ListedCall {
  return {
    callId: "C1.1704067200.1",
    recordId: "10001",
    recordFileId: "10001",
    recordingUrl: null,
    direction: "inbound",
    from: "+79161234567",
    to: "+74951234567",
    employeeId: "3",
    startedAt: new Date("2024-01-01T10:00:00+03:00"),
    durationSec: 42,
    ...over,
  };
}

async function newRun(t: TestApp): Promise<string> {
  // Each run gets its own period, so two runs can be live at once.
  const from = new Date(PERIOD.from.getTime() + Math.floor(Math.random() * 1e9));
  return (await startExport(t.deps, systemActor(), { from, to: PERIOD.to })).run.id;
}

Deno.test("a call record is unique on (call_id, record_id) across runs; bad directions and blank numbers are refused", async () => {
  const t = await startTestApp();
  try {
    const run = await newRun(t);
    await upsertListed(t.deps.db, run, [
      call(),
      call({ recordId: "10002", recordFileId: "10002" }),
    ]);
    const insert = (values: Record<string, unknown>) =>
      sql`insert into call_records (run_id, call_id, record_id, direction, from_number, to_number,
        call_started_at, duration_sec) values (${run}, ${values.call_id}, ${values.record_id},
        ${values.direction}, ${values.from}, ${values.to}, now(), 1)`.execute(t.deps.db);
    const base = { call_id: "X", record_id: "1", direction: "inbound", from: "+7", to: "+7" };
    await assert.rejects(
      insert({ ...base, call_id: "C1.1704067200.1", record_id: "10001" }),
      /unique|duplicate/i,
    );
    await assert.rejects(insert({ ...base, direction: "sideways" }), /check/i);
    await assert.rejects(insert({ ...base, from: "  " }), /check/i);
    await assert.rejects(insert({ ...base, to: "" }), /check/i);
    const n = await t.deps.db.selectFrom("call_records").select((e) =>
      e.fn.countAll<number>().as("n")
    )
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 2, "two recordings of one call are two records");
  } finally {
    await t.close();
  }
});

Deno.test("listing a call again keeps a finished transcription and gives a failed one another try", async () => {
  const t = await startTestApp();
  try {
    const first = await newRun(t);
    await upsertListed(t.deps.db, first, [
      call(),
      call({ callId: "C2", recordId: "2", recordFileId: "2" }),
    ]);
    await t.deps.db.updateTable("call_records").set({ status: "completed" }).where(
      "call_id",
      "=",
      "C1.1704067200.1",
    ).execute();
    await t.deps.db.updateTable("call_records").set({
      status: "error",
      error_code: "corrupt_audio",
    }).where("call_id", "=", "C2").execute();
    // The same run listing its window again (a resumed run) leaves the error alone.
    await upsertListed(t.deps.db, first, [
      call({ callId: "C2", recordId: "2", recordFileId: "2" }),
    ]);
    const c2 = await t.deps.db.selectFrom("call_records").selectAll().where("call_id", "=", "C2")
      .executeTakeFirstOrThrow();
    assert.equal(c2.status, "error");
    const second = await newRun(t);
    await upsertListed(t.deps.db, second, [
      call(),
      call({ callId: "C2", recordId: "2", recordFileId: "2" }),
    ]);
    const rows = await t.deps.db.selectFrom("call_records").selectAll().orderBy("call_id")
      .execute();
    assert.deepEqual(rows.map((r) => [r.call_id, r.status, r.error_code, r.run_id]), [
      ["C1.1704067200.1", "completed", null, second],
      ["C2", "pending", null, second],
    ]);
    assert.equal((await getRecord(t.deps.db, rows[0].id))?.direction, "inbound");
  } finally {
    await t.close();
  }
});

Deno.test("storage keys follow the runbook's layout and a traversal id stays inside its folder", () => {
  const startedAt = new Date("2024-09-01T22:30:00Z"); // 2024-09-02 01:30 in Moscow
  assert.equal(
    rawKey({ callId: "abc", recordId: "rec-abc", startedAt }, "mp3", TZ),
    "raw/2024/09/02/call_abc_rec-abc.mp3",
  );
  assert.equal(
    rawKey({ callId: "42", recordId: "1001", startedAt }, "wav", "UTC"),
    "raw/2024/09/01/call_42_1001.wav",
  );
  const evil = rawKey({ callId: "../../etc/passwd", recordId: "..", startedAt }, "mp3", TZ);
  assert.equal(evil, "raw/2024/09/02/call_.._.._etc_passwd_...mp3");
  assert.equal(checkKey(evil), evil, "the storage port accepts it: no segment is '..'");
  assert.ok(!evil.split("/").includes(".."));
  assert.equal(safeId("a/b\\c d"), "a_b_c_d");
  assert.equal(
    transcriptKey("20240101_20240229", "42"),
    "exports/20240101_20240229/transcripts/call_42.txt",
  );
  assert.equal(
    transcriptKey("20240101_20240229", "42", "7"),
    "exports/20240101_20240229/transcripts/call_42_7.txt",
  );
  assert.equal(
    registryKey(PERIOD.from, PERIOD.to, TZ),
    "exports/20240101_20240229/registry/calls_20240101T000000_20240229T235959.csv",
  );
  assert.equal(
    reportKey(PERIOD.from, PERIOD.to, TZ),
    "exports/20240101_20240229/reports/summary_20240101_20240229.md",
  );
});

Deno.test("a Bitrix24 row maps to direction, E.164 parties, employee and the business key", async () => {
  const row = {
    ID: "1",
    CALL_ID: "ABC.1.1",
    CALL_TYPE: "2",
    PORTAL_USER_ID: "5",
    PORTAL_NUMBER: "+7 (495) 123-45-67",
    PHONE_NUMBER: "8 916 123 45 67",
    CALL_DURATION: "65",
    CALL_START_DATE: "2024-01-15T10:23:45+03:00",
    CALL_FAILED_CODE: "200",
    RECORD_FILE_ID: "777",
  };
  const inbound = await listedCall(row);
  assert.deepEqual(
    [
      inbound?.direction,
      inbound?.from,
      inbound?.to,
      inbound?.employeeId,
      inbound?.recordId,
      inbound?.durationSec,
    ],
    ["inbound", "+79161234567", "+74951234567", "5", "777", 65],
  );
  const outbound = await listedCall({ ...row, CALL_TYPE: "1" });
  assert.deepEqual([outbound?.from, outbound?.to], ["+74951234567", "+79161234567"]);
  assert.equal((await listedCall({ ...row, PHONE_NUMBER: "102" }))?.direction, "internal");
  assert.equal(await listedCall({ ...row, RECORD_FILE_ID: "" }), null, "no recording, no record");
  const byUrl = await listedCall({
    ...row,
    RECORD_FILE_ID: null,
    CALL_RECORD_URL: "https://p/r.mp3",
  });
  assert.match(byUrl!.recordId, /^url-[0-9a-f]{24}$/);
  await assert.rejects(
    listedCall({ ...row, CALL_START_DATE: "yesterday" }),
    /unreadable CALL_START_DATE/,
  );
  assert.equal(toE164("+44 20 7946 0958"), "+442079460958");
  assert.equal(toE164("reg12"), "reg12");
  assert.equal(toE164(""), "unknown");
});
