// Seed 002 acceptance checks 20–21 (reports) and the export rules of issue 4.
import assert from "node:assert/strict";
import { expireReports } from "../../routers/reports/export_job.ts";
import { withCrm } from "./helpers.ts";
import { readSheet, waitForReport } from "./report_helpers.ts";

const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;

Deno.test("check 20: export is 201 pending, runs to done with progress, downloads as XLSX, and is audited", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin, { contact_phone: "+79001234567" });
    await t.customer(admin, o.id, { phone: "+79161234588", full_name: "Анна Смирнова" });
    await t.deps.queue.start(t.deps);
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const res = await t.rest("POST", "/api/v1/reports/export", {
        token: u.token,
        body: {
          entity: "customers",
          filters: { object_id: o.id },
          columns: ["full_name", "phone"],
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.status, "pending");
      const done = await waitForReport(t, u, res.json.id);
      assert.equal(done.status, "done", JSON.stringify(done));
      assert.equal(done.progress, 100);
      assert.equal(done.row_count, 1);
      assert.ok(done.started_at && done.completed_at && done.expires_at);
      const file = await t.rest("GET", done.download_url, { token: u.token });
      assert.equal(file.status, 200);
      assert.match(file.res.headers.get("content-disposition")!, /report_.*_customers_.*\.xlsx/);
      const bytes = new Uint8Array(await file.res.arrayBuffer());
      const sheet = await readSheet(bytes);
      assert.equal(sheet.name, "Клиенты");
      assert.deepEqual(sheet.header, ["ФИО", "Телефон"]);
      assert.equal(sheet.rows, 1);
      assert.deepEqual(sheet.first, [
        "Анна Смирнова",
        role === "ENGINEER" ? "+7 (***) ***-**88" : "+79161234588",
      ]);
      const audit = await t.deps.db.selectFrom("audit_log").select("action")
        .where("entity", "=", "report_job").where("entity_id", "=", res.json.id).orderBy("id")
        .execute();
      assert.deepEqual(audit.map((a) => a.action), ["export", "download"]);
      const viaTrpc = await t.trpc(u.token).reports.export.mutate({
        entity: "objects",
        filters: {},
        sort: "-updated_at",
      });
      assert.equal(viaTrpc.deduplicated, false);
      const job = await waitForReport(t, u, viaTrpc.id);
      assert.equal(job.status, "done");
      const listed = await t.trpc(u.token).reports.jobs.query({ page: 1, limit: 20 });
      assert.deepEqual(listed.items.map((j) => j.id), [viaTrpc.id, res.json.id]);
    }
  }));

Deno.test("check 21: another user's job is 404, download before done is 400, entity users is 422", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const other = await t.crmUser(role);
      const mine = await t.rest("POST", "/api/v1/reports/export", {
        token: u.token,
        body: { entity: "objects" },
      });
      assert.equal(mine.status, 201);
      const foreign = await t.rest("GET", `/api/v1/reports/jobs/${mine.json.id}`, {
        token: other.token,
      });
      assert.equal(foreign.status, 404);
      const e = await t.trpc(other.token).reports.job.query({ id: mine.json.id }).then(
        () => null,
        (e) => e,
      );
      assert.equal(e?.data?.httpStatus, 404);
      const early = await t.rest("GET", `/api/v1/reports/jobs/${mine.json.id}/download`, {
        token: u.token,
      });
      assert.equal(early.status, 400);
      const users = await t.rest("POST", "/api/v1/reports/export", {
        token: u.token,
        body: { entity: "users" },
      });
      assert.equal(users.status, 422);
      assert.equal(users.json.errors[0].field, "entity");
    }
  }));

Deno.test("identical exports within 5 minutes return the first job; the limit counts new jobs only", () =>
  withCrm(async (t) => {
    const u = await t.crmUser("SUPERVISOR");
    const body = { entity: "visits", filters: { status: "DONE" }, sort: "-created_at" };
    const first = await t.rest("POST", "/api/v1/reports/export", { token: u.token, body });
    const again = await t.rest("POST", "/api/v1/reports/export", { token: u.token, body });
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.json.id, first.json.id);
    assert.equal(again.json.deduplicated, true);
    const statuses = [];
    for (const status of ["PLANNED", "IN_PROGRESS", "CANCELLED"]) {
      const res = await t.rest("POST", "/api/v1/reports/export", {
        token: u.token,
        body: { ...body, filters: { status } },
      });
      statuses.push(res.status);
      if (res.status === 429) assert.ok(Number(res.res.headers.get("retry-after")) > 0);
    }
    assert.deepEqual(statuses, [201, 201, 429]);
    const e = await t.trpc(u.token).reports.export.mutate({
      entity: "customers",
      filters: {},
      sort: "-updated_at",
    })
      .then(() => null, (e) => e);
    assert.equal(e?.data?.httpStatus, 429);
    const other = await t.crmUser("SUPERVISOR");
    const fresh = await t.rest("POST", "/api/v1/reports/export", { token: other.token, body });
    assert.equal(fresh.status, 201, "the limit is per user");
  }, { CRM_EXPORT_LIMIT_PER_5MIN: "3" }));

Deno.test("preview shows the first rows as the export writes them, masked for engineers", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin, { contact_phone: "+79001234567", address: "ул. Пушкина, 10" });
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const res = await t.rest("POST", "/api/v1/reports/preview", {
        token: u.token,
        body: {
          entity: "objects",
          columns: ["address", "city", "status", "contact_phone"],
          limit: 5,
        },
      });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.total, 1);
      assert.deepEqual(res.json.columns.map((c: { label: string }) => c.label), [
        "Адрес",
        "Город",
        "Статус",
        "Телефон контакта",
      ]);
      assert.deepEqual(res.json.rows, [{
        address: "ул. Пушкина, 10",
        city: "Москва",
        status: "Новый",
        contact_phone: role === "ENGINEER" ? "+7 (***) ***-**67" : "+79001234567",
      }]);
      const viaTrpc = await t.trpc(u.token).reports.preview.query({
        entity: "objects",
        filters: { city_id: t.city.moscow },
        sort: "-updated_at",
        limit: 10,
      });
      assert.equal(viaTrpc.rows[0].id, o.id);
      const tooMany = await t.rest("POST", "/api/v1/reports/preview", {
        token: u.token,
        body: { entity: "objects", limit: 5000 },
      });
      assert.equal(tooMany.status, 422);
    }
  }));

Deno.test("report files expire: the cleanup job deletes them and the download is then 404", () =>
  withCrm(async (t) => {
    const u = await t.crmUser("ENGINEER");
    await t.deps.queue.start(t.deps);
    const res = await t.rest("POST", "/api/v1/reports/export", {
      token: u.token,
      body: { entity: "visits" },
    });
    const done = await waitForReport(t, u, res.json.id);
    const row = await t.deps.db.selectFrom("crm_report_jobs").selectAll()
      .where("id", "=", res.json.id).executeTakeFirstOrThrow();
    const ttl = row.expires_at!.getTime() - row.completed_at!.getTime();
    assert.ok(Math.abs(ttl - 7 * 86_400_000) < 5_000, "kept 7 days");
    const scheduled = await t.deps.db.selectFrom("jobs").select(["type", "run_at"])
      .where("type", "=", "crm.report.expire").executeTakeFirstOrThrow();
    assert.ok(scheduled.run_at.getTime() >= row.expires_at!.getTime());
    assert.equal(await t.deps.storage.exists(row.storage_key!), true);
    await t.deps.db.updateTable("crm_report_jobs").set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", row.id).execute();
    assert.deepEqual(await expireReports({ deps: t.deps }), { expired: 1 });
    assert.equal(await t.deps.storage.exists(row.storage_key!), false);
    const gone = await t.rest("GET", done.download_url, { token: u.token });
    assert.equal(gone.status, 404);
  }));
