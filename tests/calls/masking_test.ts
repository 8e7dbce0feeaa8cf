import assert from "node:assert/strict";
import { exportPeriod, startCallsBed, waitForRun } from "./helpers.ts";

Deno.test("with PII masking on, an export with failures logs no phone number and no webhook token", async () => {
  const bed = await startCallsBed({
    calls: 5,
    env: { PII_MASKING_ENABLED: "true", B24_MAX_ATTEMPTS: "2" },
  });
  try {
    bed.b24.corrupt([1]);
    // Failures make the pipeline log: a backoff on the portal, a Whisper retry.
    bed.b24.failNext({
      status: 503,
      path: `/rest/${bed.b24.userId}/${bed.b24.token}/voximplant.statistic.get.json`,
    });
    bed.ai.failNext({ status: 500, path: "/v1/audio/transcriptions" });
    const run = await waitForRun(bed.t, await exportPeriod(bed.t));
    assert.equal(run.status, "completed");
    const text = bed.t.logs.join("\n");
    assert.match(text, /bitrix24 request failed; backing off/, "the pipeline did log");
    assert.ok(!text.includes(bed.b24.token), "the webhook token is not logged");
    for (const call of bed.b24.calls()) {
      const digits = call.row.PHONE_NUMBER!.replace(/\D/g, "").slice(-10);
      assert.ok(
        !text.replace(/\D/g, " ").includes(digits),
        `phone …${digits.slice(-4)} not logged`,
      );
    }
  } finally {
    await bed.close();
  }
});
