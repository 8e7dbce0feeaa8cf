import assert from "node:assert/strict";
import { assertCspClean, getPage, signIn } from "../ui/helpers.ts";
import { exportPeriod, startCallsBed, waitForRun } from "./helpers.ts";

Deno.test("the Звонки page shows runs with progress, searches with marks, lists calls with a retry button, and one call's text", async () => {
  const bed = await startCallsBed({ calls: 6 });
  try {
    bed.b24.missing([3]);
    await waitForRun(bed.t, await exportPeriod(bed.t));
    const sup = await bed.t.user(["SUPERVISOR"], { login: "calls-sup", password: "password-123" });
    const op = await bed.t.user(["OPERATOR"], { login: "calls-op", password: "password-123" });
    const cookies = await signIn(bed.t, sup.user.login, "password-123");

    const res = await getPage(bed.t, "/app/calls", cookies);
    assert.equal(res.status, 200);
    const html = await res.text();
    assertCspClean(html, "/app/calls");
    assert.match(html, /<h1>Звонки<\/h1>/);
    assert.match(html, /data-island="calls_runs"/);
    assert.match(html, /data-calls-start="true"/, "a supervisor can start an export");
    assert.match(html, /найдено 6 · готово 5 · пропущено 0 · ошибок 1/);
    assert.equal((html.match(/data-call-id=/g) ?? []).length, 6);
    assert.equal(
      (html.match(/data-island="call_retry"/g) ?? []).length,
      1,
      "retry on the failed call only",
    );

    const topic = bed.b24.calls()[0].text.match(/Звонок номер 1: ([^.]+)\./)![1];
    const search =
      await (await getPage(bed.t, `/app/calls?q=${encodeURIComponent(topic)}`, cookies)).text();
    assertCspClean(search, "/app/calls?q=");
    assert.match(search, /data-calls-hits="true"/);
    assert.match(search, /<mark>/);

    const failed = await bed.t.deps.db.selectFrom("call_records").select("id")
      .where("status", "=", "completed").executeTakeFirstOrThrow();
    const detail = await (await getPage(bed.t, `/app/calls?id=${failed.id}`, cookies)).text();
    assert.match(detail, /data-transcript="true"/);
    assert.match(detail, /Звонок номер/);

    // An operator sees the page (masked numbers), but no start form and no retry button.
    const opCookies = await signIn(bed.t, op.user.login, "password-123");
    const opHtml = await (await getPage(bed.t, "/app/calls", opCookies)).text();
    assert.doesNotMatch(opHtml, /data-calls-start="true"/);
    assert.doesNotMatch(opHtml, /data-island="call_retry"/);
    assert.match(opHtml, /\+7\*\*\*\d\d →/);
  } finally {
    await bed.close();
  }
});
