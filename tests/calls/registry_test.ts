import assert from "node:assert/strict";
import { REGISTRY_COLUMNS } from "../../routers/calls/registry_csv.ts";
import { request } from "../helpers/app.ts";
import { type CallsBed, exportPeriod, startCallsBed, waitForRun } from "./helpers.ts";

const DAY1 = {
  from: new Date("2024-01-01T00:00:00+03:00"),
  to: new Date("2024-01-01T23:59:59+03:00"),
};
const DAY2 = {
  from: new Date("2024-02-01T00:00:00+03:00"),
  to: new Date("2024-02-01T23:59:59+03:00"),
};

/** One 150-second call on 2024-01-01 at $6/min (→ 3 minutes, "18.00"), exported. */
async function bedWithOneCall(): Promise<CallsBed> {
  const bed = await startCallsBed({
    calls: 1,
    seed: { ...DAY1, durationS: [150, 150] },
    env: { WHISPER_RATE_PER_MIN_USD: "6" },
  });
  await waitForRun(bed.t, await exportPeriod(bed.t, DAY1));
  return bed;
}

function csvRows(text: string): string[][] {
  return text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean).map((l) => l.split(";"));
}

async function body(res: Response): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
}

Deno.test("the registry of a day is CSV with a BOM, the 20 columns in order and the call's values", async () => {
  const bed = await bedWithOneCall();
  try {
    const { token } = await bed.t.user(["SUPERVISOR"]);
    const res = await request(
      bed.t.app,
      "GET",
      "/api/v1/call-registry?period_from=2024-01-01%2000:00:00&period_to=2024-01-01%2023:59:59",
      { token, headers: { "x-request-id": "req-registry-1" } },
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
    assert.equal(res.headers.get("x-request-id"), "req-registry-1");
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.equal(
      res.headers.get("content-disposition"),
      'attachment; filename="registry/calls_20240101T000000_20240101T235959.csv"',
    );
    const text = await body(res);
    assert.ok(text.startsWith("\uFEFF"), "starts with a BOM");
    const [header, ...rows] = csvRows(text);
    assert.deepEqual(header, [...REGISTRY_COLUMNS]);
    assert.equal(rows.length, 1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    const call = bed.b24.calls()[0];
    assert.equal(row.call_id, call.row.CALL_ID);
    assert.equal(row.record_id, call.row.RECORD_FILE_ID);
    assert.equal(row.duration_sec, "150");
    assert.equal(row.transcription_cost, "18.00");
    assert.equal(row.currency_code, "USD");
    assert.equal(row.language, "ru");
    assert.equal(row.status, "completed");
    assert.equal(row.retry_count, "0");
    assert.equal(row.error_code, "");
    assert.equal(row.summary_path, "");
    assert.match(row.from, /^\+\d{11}$|^\+74951234567$/);
    assert.match(row.datetime_start, /^2024-01-01T\d\d:\d\d:\d\d\+03:00$/);
    assert.match(row.transcript_path, /^exports\/20240101_20240101\/transcripts\/call_.+\.txt$/);
    assert.match(row.checksum, /^[0-9a-f]{64}$/);
    assert.ok(new TextEncoder().encode(row.text_preview).length <= 1024);
    assert.ok(call.text.startsWith(row.text_preview.slice(0, 20)));
  } finally {
    await bed.close();
  }
});

Deno.test("registry: from after to is 400 'Invalid period range'; a missing bound is 422 naming it", async () => {
  const bed = await startCallsBed();
  try {
    const { token } = await bed.t.user(["SUPERVISOR"]);
    const bad = await request(
      bed.t.app,
      "GET",
      "/api/v1/call-registry?period_from=2024-01-02T00:00:00&period_to=2024-01-01T00:00:00",
      { token },
    );
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).title, "Invalid period range");
    const missing = await request(
      bed.t.app,
      "GET",
      "/api/v1/call-registry?period_from=2024-01-01",
      {
        token,
      },
    );
    assert.equal(missing.status, 422);
    assert.deepEqual((await missing.json()).errors.map((e: { field: string }) => e.field), [
      "period_to",
    ]);
    const garbage = await request(
      bed.t.app,
      "GET",
      "/api/v1/call-registry?period_from=yesterday&period_to=2024-01-01",
      { token },
    );
    assert.equal(garbage.status, 422);
    assert.equal((await garbage.json()).errors[0].field, "period_from");
  } finally {
    await bed.close();
  }
});

Deno.test("registry and exports need a supervisor: 401 without a token, 403 for an operator", async () => {
  const bed = await startCallsBed();
  try {
    const { token } = await bed.t.user(["OPERATOR"]);
    for (
      const path of [
        "/api/v1/call-registry?period_from=2024-01-01&period_to=2024-01-02",
        "/api/v1/b24-calls/export.json",
      ]
    ) {
      assert.equal((await request(bed.t.app, "GET", path)).status, 401);
      assert.equal((await request(bed.t.app, "GET", path, { token })).status, 403);
    }
  } finally {
    await bed.close();
  }
});

Deno.test("export.csv filters by employee, day and has_text, with 21 columns and the seed's file name", async () => {
  const bed = await startCallsBed({ calls: 4, seed: { ...DAY2, durationS: [3, 3] } });
  try {
    bed.b24.corrupt([2]);
    const run = await waitForRun(bed.t, await exportPeriod(bed.t, DAY2));
    assert.equal(run.status, "completed");
    const { token } = await bed.t.user(["SUPERVISOR"]);
    const employee = bed.b24.calls()[0].row.PORTAL_USER_ID!;
    const expected = bed.b24.calls().filter((c, i) => c.row.PORTAL_USER_ID === employee && i !== 1);
    const res = await request(
      bed.t.app,
      "GET",
      `/api/v1/b24-calls/export.csv?employee_id=${employee}&date_from=2024-02-01T00:00:00&date_to=2024-02-01T23:59:59&has_text=true`,
      { token },
    );
    assert.equal(res.status, 200);
    assert.equal(
      res.headers.get("content-disposition"),
      'attachment; filename="b24_calls_20240201T000000_20240201T235959.csv"',
    );
    const [header, ...rows] = csvRows(await body(res));
    assert.equal(header.length, 21);
    assert.equal(header[20], "has_text");
    assert.deepEqual(rows.map((r) => r[1]), expected.map((c) => c.row.CALL_ID));
    assert.ok(rows.every((r) => r.length === 21 && r[20] === "true" && r[7] === employee));
    const open = await request(bed.t.app, "GET", "/api/v1/b24-calls/export.csv", { token });
    assert.equal(
      open.headers.get("content-disposition"),
      'attachment; filename="b24_calls_start_end.csv"',
    );
    assert.equal(csvRows(await body(open)).length, 5);
  } finally {
    await bed.close();
  }
});

Deno.test("export.json with has_text=false lists the corrupt call with null transcript_path and a string cost", async () => {
  const bed = await startCallsBed({ calls: 3, seed: { ...DAY2, durationS: [3, 3] } });
  try {
    bed.b24.corrupt([2]);
    await waitForRun(bed.t, await exportPeriod(bed.t, DAY2));
    const { token } = await bed.t.user(["SUPERVISOR"]);
    const res = await request(
      bed.t.app,
      "GET",
      "/api/v1/b24-calls/export.json?date_from=2024-02-01&date_to=2024-02-01&has_text=false",
      { token },
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const items = await res.json();
    assert.equal(items.length, 1);
    assert.equal(items[0].call_id, bed.b24.calls()[1].row.CALL_ID);
    assert.equal(items[0].has_text, false);
    assert.equal(items[0].transcript_path, null);
    assert.equal(items[0].transcription_cost, "0.00");
    assert.equal(items[0].status, "error");
    assert.equal(items[0].error_code, "corrupt_audio");
    const bad = await request(
      bed.t.app,
      "GET",
      "/api/v1/b24-calls/export.json?date_from=2024-02-02&date_to=2024-02-01",
      { token },
    );
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).title, "Invalid date range");
  } finally {
    await bed.close();
  }
});
