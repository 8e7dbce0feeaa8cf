/**
 * The CRM pages in a real browser (Debian's Chromium via playwright-core): an engineer signs
 * in and completes a visit through the completion form; a supervisor starts an XLSX export on
 * the reports page, watches it reach "Готово" and downloads the file. Skipped locally without
 * Chromium; fails in CI (CI=true) without it.
 */
import assert from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import { startCrm } from "./helpers.ts";

const CHROMIUM = Deno.env.get("CHROMIUM_PATH") || "/usr/bin/chromium";
const hasChromium = await Deno.stat(CHROMIUM).then((s) => s.isFile, () => false);
const inCi = Deno.env.get("CI") === "true";
if (!hasChromium && !inCi) {
  console.log(
    `skipping the CRM browser test: no Chromium at ${CHROMIUM} (apt-get install chromium)`,
  );
}
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"];

async function signIn(page: Page, base: string, path: string, login: string, password: string) {
  await page.goto(`${base}${path}`);
  await page.getByLabel("Логин или e-mail").fill(login);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.waitForURL(`${base}${path}`);
}

Deno.test({
  name: "in Chromium: an engineer completes a visit; a supervisor exports and downloads a report",
  ignore: !hasChromium && !inCi,
  async fn() {
    assert.ok(hasChromium, `CI=true but Chromium is missing at ${CHROMIUM}`);
    const t = await startCrm({}, { jobs: { sweepMs: 50, progressThrottleMs: 50 } });
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, t.app.fetch);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      await t.deps.queue.start(t.deps);
      const base = `http://127.0.0.1:${server.addr.port}`;
      const sup = await t.crmUser("SUPERVISOR");
      const eng = await t.crmUser("ENGINEER");
      const o = await t.object(sup, { address: "ул. Браузерная, 1" });
      const v = await t.visit(eng, o.id);
      const failures: string[] = [];

      const engPage = await browser.newPage();
      engPage.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
      await signIn(engPage, base, `/app/crm/visits?id=${v.id}`, eng.user.login, eng.password);
      const form = engPage.locator("form[data-visit-complete]");
      await form.getByLabel("Итог", { exact: true }).fill("Клиент согласился на подключение");
      await form.getByRole("checkbox", { name: "ТВ", exact: true }).check();
      await form.getByRole("button", { name: "Завершить" }).click();
      await engPage.locator('[data-visit-status="DONE"]').waitFor({ timeout: 15_000 });
      const row = await t.deps.db.selectFrom("crm_visits").selectAll().where("id", "=", v.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "DONE");
      assert.equal(row.outcome_text, "Клиент согласился на подключение");
      assert.deepEqual(row.interests, ["TV"]);

      const supPage = await browser.newPage({ acceptDownloads: true });
      supPage.on("pageerror", (e) => failures.push(`page error: ${e.message}`));
      await signIn(supPage, base, "/app/crm/reports", sup.user.login, sup.password);
      await supPage.locator('section[data-crm-reports][data-live="true"]').waitFor();
      await supPage.getByLabel("Что выгрузить").selectOption("visits");
      await supPage.getByRole("button", { name: "Сформировать" }).click();
      const job = supPage.locator('tr[data-status="done"]');
      await job.waitFor({ timeout: 30_000 });
      assert.equal(await job.locator(".pct").textContent(), "100%");
      const [download] = await Promise.all([
        supPage.waitForEvent("download"),
        job.getByRole("link", { name: "Скачать" }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^report_.*_visits_.*\.xlsx$/);
      const bytes = await Deno.readFile(await download.path());
      assert.equal(new TextDecoder().decode(bytes.slice(0, 2)), "PK", "an XLSX (zip) file");
      assert.deepEqual(failures, [], "no script errors (CSP violations show up here)");
    } finally {
      await browser.close();
      await server.shutdown();
      await t.deps.queue.stop(1_000);
      await t.close();
    }
  },
});
