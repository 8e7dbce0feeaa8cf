// Seed 002 acceptance check 22 (audit) and the audit trail of CRM writes.
import assert from "node:assert/strict";
import { withCrm } from "./helpers.ts";

Deno.test("check 22: ENGINEER gets 403 on the audit log; ADMIN filters it by entity", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const sup = await t.crmUser("SUPERVISOR");
    const eng = await t.crmUser("ENGINEER");
    const o = await t.object(sup);
    await t.rest("PATCH", `/api/v1/objects/${o.id}`, {
      token: sup.token,
      body: { version: 1, status: "INTEREST" },
      headers: { "user-agent": "fieldhub-test/1.0" },
    });
    await t.visit(eng, o.id);
    assert.equal((await t.rest("GET", "/api/v1/audit", { token: eng.token })).status, 403);
    const denied = await t.trpc(eng.token).audit.list.query({ page: 1, limit: 20 }).then(
      () => null,
      (e) => e,
    );
    assert.equal(denied?.data?.httpStatus, 403);
    for (const u of [admin, sup]) {
      const res = await t.rest(
        "GET",
        `/api/v1/audit?entity_type=object&entity_id=${o.id}&action=UPDATE`,
        { token: u.token },
      );
      assert.equal(res.status, 200);
      assert.equal(res.json.total, 1);
      const [entry] = res.json.items;
      assert.equal(entry.actor_id, sup.user.id);
      assert.equal(entry.actor_name, sup.user.name);
      assert.equal(entry.user_agent, "fieldhub-test/1.0");
      assert.equal(entry.before_json.status, "NEW");
      assert.equal(entry.after_json.status, "INTEREST");
      assert.match(entry.changes_summary, /status: "NEW" → "INTEREST"/);
      const one = await t.trpc(u.token).audit.get.query({ id: entry.id });
      assert.equal(one.entity_id, o.id);
      const all = await t.trpc(u.token).audit.list.query({
        entity_type: "visit",
        page: 1,
        limit: 20,
      });
      assert.equal(all.total, 1);
    }
    const logins = await t.rest("GET", "/api/v1/audit?action=login", { token: sup.token });
    assert.equal(logins.json.total, 0, "a supervisor reads CRM entries only");
    const bad = await t.rest("GET", "/api/v1/audit?action=teleport", { token: admin.token });
    assert.equal(bad.status, 422);
  }));

Deno.test("a write that fails leaves neither the row nor its audit entry", () =>
  withCrm(async (t) => {
    const sup = await t.crmUser("SUPERVISOR");
    const before = (await t.deps.db.selectFrom("audit_log").select("id").execute()).length;
    const res = await t.rest("POST", "/api/v1/objects", {
      token: sup.token,
      body: {
        type: "MKD",
        address: "ул. Мира, 5",
        city_id: t.city.moscow,
        district_id: crypto.randomUUID(),
      },
    });
    assert.equal(res.status, 422);
    assert.equal(res.json.errors[0].field, "district_id");
    assert.equal((await t.deps.db.selectFrom("audit_log").select("id").execute()).length, before);
    assert.equal((await t.deps.db.selectFrom("crm_objects").select("id").execute()).length, 0);
  }));
