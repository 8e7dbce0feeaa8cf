import assert from "node:assert/strict";
import type { DatabaseHandle } from "../../db/connect.ts";
import { Bitrix24Client, webhookBase } from "../../integrations/bitrix24/client.ts";
import { Bitrix24Error } from "../../integrations/bitrix24/errors.ts";
import { SharedRateLimiter } from "../../integrations/bitrix24/rate_limit.ts";
import {
  type Bitrix24Simulator,
  startBitrix24Simulator,
} from "../../integrations/bitrix24/simulator.ts";
import { readWav } from "../../integrations/audio/wav.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { PERIOD } from "./helpers.ts";

interface Setup {
  sim: Bitrix24Simulator;
  db: DatabaseHandle;
  sleeps: number[];
  client(options?: { base?: string; token?: string; timeoutMs?: number }): Bitrix24Client;
  close(): Promise<void>;
}

async function setup(calls = 0): Promise<Setup> {
  const sim = await startBitrix24Simulator({
    bucket: null,
    calls: { count: calls, ...PERIOD, durationS: [1, 2] },
  });
  const db = await openTestDatabase();
  const sleeps: number[] = [];
  return {
    sim,
    db,
    sleeps,
    client: (o = {}) =>
      new Bitrix24Client({
        baseUrl: o.base ?? sim.url,
        userId: sim.userId,
        token: o.token ?? sim.token,
        backoffMs: 5_000,
        maxAttempts: 5,
        timeoutMs: o.timeoutMs ?? 5_000,
        limiter: new SharedRateLimiter(db.db, "b24:test", { rps: 1000, burst: 100 }),
        // Backoff waits are recorded, not slept: the test checks the schedule.
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      }),
    async close() {
      await sim.stop();
      await db.close();
    },
  };
}

const METHOD_PATH = (sim: Bitrix24Simulator, method: string) =>
  `/rest/${sim.userId}/${sim.token}/${method}.json`;

Deno.test("the webhook URL is the same with or without /rest and a trailing slash", () => {
  const want = "https://p.bitrix24.ru/rest/7/t0k/";
  for (
    const base of [
      "https://p.bitrix24.ru",
      "https://p.bitrix24.ru/",
      "https://p.bitrix24.ru/rest",
      "https://p.bitrix24.ru/rest/",
    ]
  ) {
    assert.equal(webhookBase(base, "7", "t0k"), want);
  }
});

Deno.test("listing follows next with the same >=/<= CALL_START_DATE filter and merges the pages", async () => {
  const s = await setup(120);
  try {
    const rows = [];
    const range = { from: "2024-01-01T00:00:00+03:00", to: "2024-02-29T23:59:59+03:00" };
    for await (const page of s.client({ base: `${s.sim.url}/rest/` }).listCalls(range)) {
      assert.equal(page.total, 120);
      rows.push(...page.rows);
    }
    assert.deepEqual(rows.map((r) => r.CALL_ID), s.sim.calls().map((c) => c.row.CALL_ID));
    const sent = s.sim.requests({ path: METHOD_PATH(s.sim, "voximplant.statistic.get") });
    assert.deepEqual(
      sent.map((r) => r.body.kind === "json" && (r.body.value as { start: number }).start),
      [0, 50, 100],
    );
    for (const r of sent) {
      assert.deepEqual(r.body.kind === "json" && (r.body.value as { FILTER: unknown }).FILTER, {
        ">=CALL_START_DATE": range.from,
        "<=CALL_START_DATE": range.to,
      });
    }
    assert.deepEqual(s.sleeps, []);
  } finally {
    await s.close();
  }
});

Deno.test("QUERY_LIMIT_EXCEEDED and 429 are retried after B24_BACKOFF_SECONDS; 5xx five times backs off 5/10/20/40 s and fails", async () => {
  const s = await setup(3);
  try {
    const path = METHOD_PATH(s.sim, "voximplant.statistic.get");
    const range = { from: "2024-01-01", to: "2024-03-01" };
    const list = async () => {
      const out = [];
      for await (const p of s.client().listCalls(range)) out.push(...p.rows);
      return out;
    };
    s.sim.failNext({ status: 503, path });
    assert.equal((await list()).length, 3);
    assert.deepEqual(s.sleeps, [5_000]);
    s.sleeps.length = 0;
    s.sim.failNext({ status: 429, path, code: "TOO_MANY_REQUESTS" });
    assert.equal((await list()).length, 3);
    assert.deepEqual(s.sleeps, [5_000]);
    s.sleeps.length = 0;
    s.sim.failNext({ status: 500, path, times: 5 });
    const err = await list().then(() => null, (e) => e);
    assert.ok(err instanceof Bitrix24Error);
    assert.equal(err.code, "INTERNAL_SERVER_ERROR");
    assert.equal(err.attempts, 5);
    assert.deepEqual(s.sleeps, [5_000, 10_000, 20_000, 40_000]);
    const last = s.sim.requests({ path }).at(-1)!;
    assert.equal(last.status, 500);
  } finally {
    await s.close();
  }
});

Deno.test("a wrong token is INVALID_CREDENTIALS at once; an unknown method is ERROR_METHOD_NOT_FOUND", async () => {
  const s = await setup();
  try {
    const err = await s.client({ token: "wrong" }).call("voximplant.statistic.get").catch((e) => e);
    assert.ok(err instanceof Bitrix24Error);
    assert.equal(err.code, "INVALID_CREDENTIALS");
    assert.equal(err.status, 401);
    assert.equal(err.attempts, 1);
    const unknown = await s.client().call("crm.nothing").catch((e) => e);
    assert.equal(unknown.code, "ERROR_METHOD_NOT_FOUND");
    assert.deepEqual(s.sleeps, []);
  } finally {
    await s.close();
  }
});

Deno.test("recordings: CALL_RECORD_URL or RECORD_FILE_ID → disk.file.get → DOWNLOAD_URL; a 429 is retried; 404 is not", async () => {
  const s = await setup(10);
  try {
    const client = s.client();
    const calls = s.sim.calls();
    const byUrl = calls.find((c) => c.row.CALL_RECORD_URL !== null)!;
    const byFile = calls.find((c) => c.row.CALL_RECORD_URL === null)!;
    const [listed] = (await client.call<{ CALL_RECORD_URL: string }[]>("voximplant.statistic.get", {
      FILTER: { CALL_ID: byUrl.row.CALL_ID },
    })).result;
    const fromUrl = await client.recordingSource({
      recordUrl: listed.CALL_RECORD_URL,
      recordFileId: null,
    });
    assert.equal(s.sim.methodCalls("disk.file.get"), 0);
    s.sim.failNext({ status: 429, path: "/telephony/records" });
    const audio = await client.download(fromUrl!.downloadUrl);
    assert.equal(readWav(audio.bytes).durationS, byUrl.durationS);
    assert.deepEqual(s.sleeps, [5_000]);
    const fromFile = await client.recordingSource({
      recordUrl: null,
      recordFileId: byFile.row.RECORD_FILE_ID,
    });
    assert.equal(s.sim.methodCalls("disk.file.get"), 1);
    assert.match(fromFile!.publicUrl!, /\/docs\/file\//);
    assert.equal(
      readWav((await client.download(fromFile!.downloadUrl)).bytes).info.ICMT,
      byFile.text,
    );
    assert.equal(s.sim.downloads(byFile.row.CALL_ID), 1);
    s.sim.missing([byFile.row.CALL_ID]);
    const gone = await client.download(fromFile!.downloadUrl).catch((e) => e);
    assert.ok(gone instanceof Bitrix24Error && gone.missing && gone.attempts === 1);
  } finally {
    await s.close();
  }
});

Deno.test("a request with no answer within REQUEST_TIMEOUT_S times out and is retried", async () => {
  const s = await setup(1);
  try {
    s.sim.failNext({ delayMs: 2_000, path: METHOD_PATH(s.sim, "disk.file.get") });
    const file = await s.client({ timeoutMs: 300 }).diskFile(s.sim.calls()[0].row.RECORD_FILE_ID!);
    assert.equal(file.ID, s.sim.calls()[0].row.RECORD_FILE_ID);
    assert.deepEqual(s.sleeps, [5_000]);
  } finally {
    await s.close();
  }
});
