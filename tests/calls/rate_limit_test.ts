import assert from "node:assert/strict";
import { Bitrix24Client } from "../../integrations/bitrix24/client.ts";
import { SharedRateLimiter } from "../../integrations/bitrix24/rate_limit.ts";
import { startBitrix24Simulator } from "../../integrations/bitrix24/simulator.ts";
import { openTestDatabase } from "../helpers/db.ts";
import { PERIOD } from "./helpers.ts";

/**
 * The most requests that arrived in any stretch beyond what `rps` allows over its length: 0
 * for perfect pacing; a request sent late and the next one on time count as a fraction.
 */
function excessOverRate(times: number[], rps: number): number {
  let worst = 0;
  for (let i = 0; i < times.length; i++) {
    for (let j = i + 1; j < times.length; j++) {
      worst = Math.max(worst, j - i - rps * (times[j] - times[i]) / 1000);
    }
  }
  return worst;
}

/**
 * Two "instances" (two clients, each with its own limiter object, as two processes would have)
 * fire requests at once against a portal whose bucket drains 2 requests/s and holds only 4 (a
 * real portal holds about 50; 4 leaves room for a stalled event loop on a busy machine that
 * sends two due requests at once, and still refuses a sustained 4 requests/s within seconds).
 */
async function burst(options: { sameBudget: boolean; perClient: number }) {
  const sim = await startBitrix24Simulator({
    bucket: { rps: 2, burst: 4 },
    calls: { count: 1, ...PERIOD },
  });
  const db = await openTestDatabase();
  try {
    const clients = [0, 1].map((i) =>
      new Bitrix24Client({
        baseUrl: sim.url,
        userId: sim.userId,
        token: sim.token,
        backoffMs: 50,
        maxAttempts: 20,
        timeoutMs: 10_000,
        limiter: new SharedRateLimiter(db.db, options.sameBudget ? "b24:portal" : `b24:own-${i}`, {
          rps: 2,
          burst: 1,
        }),
      })
    );
    const fileId = sim.calls()[0].row.RECORD_FILE_ID!;
    const started = performance.now();
    await Promise.all(
      clients.flatMap((c) => Array.from({ length: options.perClient }, () => c.diskFile(fileId))),
    );
    const times = sim.acceptedTimes();
    return {
      refused: sim.limitExceeded(),
      accepted: times.length,
      elapsedMs: performance.now() - started,
      excess: excessOverRate(times, 2),
    };
  } finally {
    await sim.stop();
    await db.close();
  }
}

Deno.test("B24_RATE_LIMIT_RPS=2 shared by two instances: no QUERY_LIMIT_EXCEEDED, at most 2 requests/s", async () => {
  const r = await burst({ sameBudget: true, perClient: 8 });
  assert.equal(r.refused, 0, "the portal never answered QUERY_LIMIT_EXCEEDED");
  assert.equal(r.accepted, 16);
  assert.ok(r.excess <= 1, `${r.excess.toFixed(2)} requests beyond 2/s in some stretch`);
  assert.ok(r.elapsedMs >= 7_400, `16 requests took ${Math.round(r.elapsedMs)} ms`);
});

Deno.test("control: a budget per instance (what an in-memory limiter gives) overruns the portal", async () => {
  const r = await burst({ sameBudget: false, perClient: 6 });
  assert.ok(r.refused > 0, "two budgets of 2 rps send 4 rps and the portal refuses some");
});
