/**
 * The UI in a real browser: Debian's Chromium driven by playwright-core signs in through the
 * login form, opens the jobs page and watches a job's progress bar go from 0 % to 100 % while
 * the page stays loaded, then replays a dead job with the admin's button. Skipped locally without
 * Chromium; fails in CI (CI=true) without it.
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { startTestApp } from "../helpers/app.ts";
import { gate } from "../jobs/helpers.ts";
import { waitForJob } from "../helpers/wait.ts";

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") || "/usr/bin/chromium";
const hasChromium = await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false);
const inCi = Deno.env.get("CI") === "true";
if (!hasChromium && !inCi) {
  console.log(`skipping the browser test: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

Deno.test({
  name: "in Chromium: sign in, open the jobs page and watch a job reach 100%",
  ignore: !hasChromium && !inCi,
  async fn() {
    assert.ok(hasChromium, `CI=true but Chromium is missing at ${CHROMIUM}`);
    const t = await startTestApp({ jobs: { sweepMs: 50, progressThrottleMs: 50 } });
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, t.app.fetch);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const start = gate();
    try {
      // A test-only job type that reports progress in ten steps once the test opens the gate.
      t.deps.queue.register("ui_test.progress", async ({ progress }) => {
        progress(0, "ожидание");
        await start.promise;
        for (let step = 1; step <= 10; step++) {
          await new Promise((r) => setTimeout(r, 150));
          progress(step * 10, `шаг ${step} из 10`);
        }
        return { steps: 10 };
      });
      // Fails on its first run, works when replayed: the replay button's round trip.
      let runs = 0;
      t.deps.queue.register("ui_test.flaky", () => {
        if (++runs === 1) throw new Error("remote system unavailable");
      }, { maxAttempts: 1 });
      await t.deps.queue.start(t.deps);
      const { user, password } = await t.user(["ADMIN"], { login: "browser_admin" });
      const flaky = (await t.deps.queue.enqueue("ui_test.flaky", {}, { createdBy: user.id })).job;
      await waitForJob(t.deps.db, flaky.id, ["dead"]);
      const { job } = await t.deps.queue.enqueue("ui_test.progress", {}, { createdBy: user.id });

      const base = `http://127.0.0.1:${server.addr.port}`;
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const failures: string[] = [];
      page.on("pageerror", (err) => failures.push(`page error: ${err.message}`));
      page.on("console", (msg) => {
        if (msg.type() === "error") failures.push(`console: ${msg.text()}`);
      });

      await page.goto(`${base}/app/jobs`);
      assert.match(new URL(page.url()).pathname, /^\/login$/, "signed-out visitors land on login");
      await page.getByLabel("Логин или e-mail").fill(user.login);
      await page.getByLabel("Пароль").fill(password);
      await page.getByRole("button", { name: "Войти" }).click();
      await page.waitForURL(`${base}/app/jobs`);

      await page.locator('section.jobs[data-live="true"]').waitFor({ timeout: 10_000 });
      const row = page.locator(`tr[data-job-id="${job.id}"]`);
      await row.locator(".pct", { hasText: /^0%$/ }).waitFor({ timeout: 10_000 });
      start.open();
      await row.locator(".pct", { hasText: /^100%$/ }).waitFor({ timeout: 20_000 });
      await row.locator(".status-done").waitFor({ timeout: 10_000 });
      assert.equal(await row.locator("progress").getAttribute("value"), "100");
      assert.equal(await row.locator(".progress-message").textContent(), "шаг 10 из 10");
      await waitForJob(t.deps.db, job.id, ["done"]);

      // An admin replays the dead job: a cookie-authenticated tRPC mutation from the page.
      const dead = page.locator(`tr[data-job-id="${flaky.id}"]`);
      await dead.getByRole("button", { name: "Повторить" }).click();
      await page.locator(".notice", { hasText: "Задача снова в очереди" }).waitFor();
      await dead.locator(".status-done").waitFor({ timeout: 10_000 });
      await waitForJob(t.deps.db, flaky.id, ["done"]);

      const dir = resolve(Deno.env.get("ARTIFACTS_DIR") || "./artifacts");
      await Deno.mkdir(dir, { recursive: true });
      const shot = resolve(dir, "ui-jobs.png");
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`ui-jobs screenshot: ${shot}`);

      assert.deepEqual(failures, [], "no script errors (CSP violations show up here)");
    } finally {
      start.open();
      await browser.close();
      await server.shutdown();
      await t.deps.queue.stop(1_000);
      await t.close();
    }
  },
});
