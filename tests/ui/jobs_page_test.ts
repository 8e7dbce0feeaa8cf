import assert from "node:assert/strict";
import { startTestApp, type TestApp } from "../helpers/app.ts";
import { waitForJob, waitUntil } from "../helpers/wait.ts";
import { assertCspClean, getPage, signIn } from "./helpers.ts";

/** Rows of the jobs table: id → the row's HTML. */
function rows(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<tr data-job-id="([^"]+)"[^>]*>(.*?)<\/tr>/gs)) {
    out.set(m[1], m[2]);
  }
  return out;
}

async function pageHtml(t: TestApp, path: string, who: { login: string; password: string }) {
  const res = await getPage(t, path, await signIn(t, who.login, who.password));
  assert.equal(res.status, 200, path);
  return await res.text();
}

Deno.test("the jobs page lists the user's own jobs; admins see all and can replay dead ones", async () => {
  const t = await startTestApp({ jobs: { sweepMs: 50, progressThrottleMs: 10 } });
  try {
    const { queue } = t.deps;
    queue.register("ui_test.waiting", () => {});
    queue.register("ui_test.halfway", ({ progress, signal }) => {
      progress(40, "строка 400 из 1000");
      // Stays running until the queue stops.
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason))
      );
    });
    queue.register("ui_test.broken", () => {
      throw new Error("upstream said 502");
    }, { maxAttempts: 1 });
    const owner = await t.user(["ENGINEER"]);
    const other = await t.user(["OPERATOR"]);
    const admin = await t.user(["ADMIN"]);
    const queued = (await queue.enqueue("ui_test.waiting", {}, {
      createdBy: owner.user.id,
      delay: 3_600_000,
    })).job;
    const dead = (await queue.enqueue("ui_test.broken", {}, { createdBy: owner.user.id })).job;
    const running = (await queue.enqueue("ui_test.halfway", {}, { createdBy: owner.user.id })).job;
    const foreign = (await queue.enqueue("ui_test.broken", {}, { createdBy: other.user.id })).job;
    await queue.start(t.deps, { concurrency: 2 });
    await waitForJob(t.deps.db, dead.id, ["dead"]);
    await waitForJob(t.deps.db, foreign.id, ["dead"]);
    const halfway = async () =>
      (await t.deps.db.selectFrom("jobs").select("progress").where("id", "=", running.id)
        .executeTakeFirstOrThrow()).progress === 40;
    await waitUntil("the running job at 40 %", halfway);

    const ownerView = { login: owner.user.login, password: owner.password };
    const html = await pageHtml(t, "/app/jobs", ownerView);
    assertCspClean(html, "/app/jobs");
    assert.match(html, /data-island="jobs_table"/);
    assert.match(html, /<script type="module" src="\/ui\/assets\/jobs_table-[A-Z0-9]+\.js">/);
    const own = rows(html);
    assert.deepEqual(new Set(own.keys()), new Set([queued.id, dead.id, running.id]));
    assert.match(own.get(queued.id)!, /В очереди/);
    assert.match(own.get(running.id)!, /<progress max="100" value="40"/);
    assert.match(own.get(running.id)!, /40%.*строка 400 из 1000/s);
    assert.match(own.get(dead.id)!, /Остановлена/);
    assert.match(own.get(dead.id)!, /upstream said 502/);
    assert.match(own.get(dead.id)!, /1 из 1/, "attempts of max");
    assert.doesNotMatch(own.get(dead.id)!, /Повторить/, "only admins get the replay button");

    const adminHtml = await pageHtml(t, "/app/jobs?lang=en", {
      login: admin.user.login,
      password: admin.password,
    });
    const all = rows(adminHtml);
    assert.ok(all.has(foreign.id) && all.has(dead.id), "admins see every user's jobs");
    assert.match(all.get(dead.id)!, /class="replay"[^>]*>Replay</);
    assert.doesNotMatch(all.get(running.id)!, /Replay/, "a running job has nothing to replay");

    const filtered = rows(
      await pageHtml(t, "/app/jobs?status=dead&type=ui_test.broken", ownerView),
    );
    assert.deepEqual([...filtered.keys()], [dead.id]);
    const bogus = await pageHtml(t, "/app/jobs?status=exploded&page=-4", ownerView);
    assert.equal(rows(bogus).size, 3, "unknown filter values are ignored, not a 500");
    await queue.stop(200);
  } finally {
    await t.close();
  }
});

Deno.test("the island's props travel in a JSON data block that cannot close the script", async () => {
  const t = await startTestApp();
  try {
    const owner = await t.user(["ENGINEER"]);
    t.deps.queue.register("ui_test.</script><script>alert(1)</script>", () => {});
    await t.deps.queue.enqueue("ui_test.</script><script>alert(1)</script>", {}, {
      createdBy: owner.user.id,
    });
    const html = await pageHtml(t, "/app/jobs", {
      login: owner.user.login,
      password: owner.password,
    });
    const block = html.match(/<script type="application\/json" id="[^"]+">(.*?)<\/script>/s)?.[1];
    assert.ok(block, "a props block");
    assert.doesNotMatch(block, /<\/script>/i);
    const props = JSON.parse(block);
    assert.equal(props.initial.items[0].type, "ui_test.</script><script>alert(1)</script>");
    assert.equal(props.labels.title, "Задачи");
    assert.equal(props.isAdmin, false);
    assert.equal(props.pollMs, 1000);
    assert.doesNotMatch(html, /<script>alert/, "the job type is escaped in the table too");
  } finally {
    await t.close();
  }
});
