// The CRM pages of the web UI: rendered on the server for each role, CSP-clean, in Russian by
// default and English on request, with the API's scoping and masking.
import assert from "node:assert/strict";
import { assertCspClean, getPage, signIn } from "../ui/helpers.ts";
import { type CrmTest, type CrmUser, withCrm } from "./helpers.ts";

const sessions = new Map<string, { fh_session: string; fh_refresh: string }>();

/** Loads `path` as `u` (signed in once per user: the login form is rate-limited). */
async function page(t: CrmTest, u: CrmUser, path: string) {
  const cookies = sessions.get(u.user.id) ?? await signIn(t, u.user.login, u.password);
  sessions.set(u.user.id, cookies);
  const res = await getPage(t, path, cookies);
  const html = await res.text();
  assertCspClean(html, path);
  return { status: res.status, html };
}

Deno.test("objects list and card: filters, visits and customers, phones masked for engineers", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const eng = await t.crmUser("ENGINEER");
    const o = await t.object(admin, { address: "ул. Садовая, 5", contact_phone: "+79001112233" });
    await t.object(admin, { address: "пр. Казанский, 1", city_id: t.city.kazan });
    await t.customer(admin, o.id, { full_name: "Ольга Иванова", phone: "+79161234567" });
    const v = await t.visit(eng, o.id);
    for (const u of [admin, eng]) {
      const list = await page(t, u, "/app/crm/objects");
      assert.equal(list.status, 200);
      assert.match(list.html, /<h1>Объекты<\/h1>/);
      assert.match(list.html, new RegExp(`data-object-id="${o.id}"`));
      assert.equal(list.html.includes("пр. Казанский"), u === admin, "scoped by city");
      const card = await page(t, u, `/app/crm/objects?id=${o.id}`);
      assert.match(card.html, /Визиты на объекте/);
      assert.match(card.html, new RegExp(`data-visit-id="${v.id}"`));
      assert.match(card.html, /Ольга Иванова/);
      assert.equal(card.html.includes("+79161234567"), u === admin);
      assert.equal(card.html.includes("+7 (***) ***-**67"), u === eng);
      assert.equal(card.html.includes("+79001112233"), u === admin);
    }
    const filtered = await page(t, admin, `/app/crm/objects?city_id=${t.city.kazan}`);
    assert.ok(!filtered.html.includes("ул. Садовая") && filtered.html.includes("пр. Казанский"));
    const bad = await page(t, admin, "/app/crm/objects?status=LOST");
    assert.equal(bad.status, 200);
    assert.match(bad.html, /class="error"/);
    const en = await page(t, admin, "/app/crm/objects?lang=en");
    assert.match(en.html, /<h1>Objects<\/h1>/);
    assert.match(en.html, />Show</);
    const missing = await page(t, eng, `/app/crm/objects?id=${crypto.randomUUID()}`);
    assert.match(missing.html, /Не найдено или нет доступа/);
  }));

Deno.test("visit card shows the completion form while open, and engineers see only their own visits", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const eng = await t.crmUser("ENGINEER");
    const other = await t.crmUser("ENGINEER");
    const o = await t.object(admin);
    const mine = await t.visit(eng, o.id);
    const theirs = await t.visit(other, o.id);
    const list = await page(t, eng, "/app/crm/visits");
    assert.match(list.html, new RegExp(`data-visit-id="${mine.id}"`));
    assert.ok(!list.html.includes(theirs.id));
    const card = await page(t, eng, `/app/crm/visits?id=${mine.id}`);
    assert.match(card.html, /data-island="crm_visit_complete"/);
    assert.match(card.html, /Завершить визит/);
    assert.match(card.html, /\/ui\/assets\/crm_visit_complete-[\w-]+\.js/);
    const foreign = await page(t, eng, `/app/crm/visits?id=${theirs.id}`);
    assert.match(foreign.html, /Не найдено или нет доступа/);
    await t.trpc(eng.token).crm.visits.complete.mutate({
      id: mine.id,
      status: "DONE",
      outcome_text: "Подключили",
      version: 1,
    });
    const done = await page(t, eng, `/app/crm/visits?id=${mine.id}`);
    assert.match(done.html, /data-visit-status="DONE"/);
    assert.ok(!done.html.includes('data-island="crm_visit_complete"'));
  }));

Deno.test("customers page masks contacts for engineers", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const eng = await t.crmUser("ENGINEER");
    const o = await t.object(admin);
    await t.customer(admin, o.id, {
      phone: "+79165550011",
      email: "olga@example.ru",
      provider_rating: 4,
    });
    const forEng = await page(t, eng, "/app/crm/customers");
    assert.match(forEng.html, /\+7 \(\*\*\*\) \*\*\*-\*\*11/);
    assert.match(forEng.html, /o\*\*\*@example\.ru/);
    assert.ok(!forEng.html.includes("79165550011") && !forEng.html.includes("olga@"));
    const forAdmin = await page(t, admin, "/app/crm/customers?rating_min=4");
    assert.match(forAdmin.html, /\+79165550011/);
    const none = await page(t, admin, "/app/crm/customers?rating_min=5");
    assert.match(none.html, /Ничего не найдено/);
  }));

Deno.test("reports and audit pages: for supervisors and admins, 403 for engineers", () =>
  withCrm(async (t) => {
    const sup = await t.crmUser("SUPERVISOR");
    const eng = await t.crmUser("ENGINEER");
    const o = await t.object(sup);
    await t.rest("PATCH", `/api/v1/objects/${o.id}`, {
      token: sup.token,
      body: { version: 1, status: "CALLBACK" },
    });
    const job = await t.rest("POST", "/api/v1/reports/export", {
      token: sup.token,
      body: { entity: "objects" },
    });
    const reports = await page(t, sup, "/app/crm/reports");
    assert.equal(reports.status, 200);
    assert.match(reports.html, /data-island="crm_reports"/);
    assert.match(reports.html, new RegExp(`data-report-id="${job.json.id}"`));
    assert.match(reports.html, /В очереди/);
    const audit = await page(t, sup, "/app/crm/audit?entity_type=object");
    assert.equal(audit.status, 200);
    assert.match(audit.html, /data-action="update"/);
    assert.match(audit.html, /status: &quot;NEW&quot; → &quot;CALLBACK&quot;/);
    for (const path of ["/app/crm/reports", "/app/crm/audit"]) {
      assert.equal((await page(t, eng, path)).status, 403, path);
    }
  }));
