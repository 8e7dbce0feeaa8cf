// Seed 002 acceptance checks 13–15 (customers and PII), through REST and tRPC, as each role.
import assert from "node:assert/strict";
import { withCrm } from "./helpers.ts";

const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;

Deno.test("check 13: a phone is stored as +7XXXXXXXXXX, masked for ENGINEER only, names never; a duplicate is 409", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    let n = 10;
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const phone = `+7 (912) 345-67-${++n}`;
      const res = await t.rest("POST", "/api/v1/customers", {
        token: u.token,
        body: { object_id: o.id, full_name: "Пётр Петров", phone, email: "petr@example.ru" },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      const stored = await t.deps.db.selectFrom("crm_customers").select("phone")
        .where("id", "=", res.json.id).executeTakeFirstOrThrow();
      assert.equal(stored.phone, `+791234567${n}`);
      const seen = role === "ENGINEER" ? `+7 (***) ***-**${n}` : `+791234567${n}`;
      assert.equal(res.json.phone, seen, "the create response is masked too");
      assert.equal(res.json.full_name, "Пётр Петров");
      const card = await t.rest("GET", `/api/v1/customers/${res.json.id}`, { token: u.token });
      assert.equal(card.json.phone, seen);
      assert.equal(card.json.email, role === "ENGINEER" ? "p***@example.ru" : "petr@example.ru");
      const viaTrpc = await t.trpc(u.token).crm.customers.get.query({ id: res.json.id });
      assert.equal(viaTrpc.phone, seen);
      const list = await t.trpc(u.token).crm.customers.list.query({
        page: 1,
        limit: 100,
        sort: "-updated_at",
      });
      assert.ok(list.items.every((c) => role !== "ENGINEER" || !/\d{5}/.test(c.phone ?? "")));
      const dup = await t.rest("POST", "/api/v1/customers", {
        token: u.token,
        body: { object_id: o.id, phone: `8 912 345 67 ${n}` },
      });
      assert.equal(dup.status, 409);
      assert.equal(dup.json.errors[0].field, "phone");
      const dupTrpc = await t.trpc(u.token).crm.customers.create.mutate({
        object_id: o.id,
        phone: `91234567${n}`,
      }).then(() => null, (e) => e);
      assert.equal(dupTrpc?.data?.httpStatus, 409);
    }
    const eng = await t.crmUser("ENGINEER");
    const junk = await t.rest("POST", "/api/v1/customers", {
      token: eng.token,
      body: { object_id: o.id, phone: "позвоните мне" },
    });
    assert.equal(junk.status, 422, "an unparseable phone is refused, not stored as null");
    assert.equal(junk.json.errors[0].field, "phone");
  }));

Deno.test("check 14: object_id and rating_min filter with AND", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const a = await t.object(admin);
    const b = await t.object(admin);
    const good = await t.customer(admin, a.id, { provider_rating: 5 });
    await t.customer(admin, a.id, { provider_rating: 2 });
    await t.customer(admin, b.id, { provider_rating: 5 });
    for (const role of ROLES) {
      const u = role === "ADMIN" ? admin : await t.crmUser(role);
      const res = await t.rest("GET", `/api/v1/customers?object_id=${a.id}&rating_min=4`, {
        token: u.token,
      });
      assert.deepEqual(res.json.items.map((c: { id: string }) => c.id), [good.id]);
      const viaTrpc = await t.trpc(u.token).crm.customers.list.query({
        object_id: a.id,
        rating_min: 4,
        page: 1,
        limit: 20,
        sort: "-updated_at",
      });
      assert.deepEqual(viaTrpc.items.map((c) => c.id), [good.id]);
    }
  }));

Deno.test("check 15: audit entries never hold an unmasked phone or e-mail, whoever wrote them", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin, { contact_phone: "+79001112233" });
    for (const role of ROLES) {
      const u = role === "ADMIN" ? admin : await t.crmUser(role);
      const c = await t.rest("POST", "/api/v1/customers", {
        token: u.token,
        body: { object_id: o.id, phone: `+7916555${role.length}${role.length}00`, email: "x@y.ru" },
      });
      await t.rest("PATCH", `/api/v1/customers/${c.json.id}`, {
        token: u.token,
        body: { version: 1, phone: `+7916777${role.length}${role.length}00` },
      });
    }
    const rows = await t.deps.db.selectFrom("audit_log").selectAll().execute();
    const text = JSON.stringify(rows);
    assert.ok(rows.some((r) => r.entity === "customer" && r.action === "update"));
    assert.equal(/\+7\d{10}/.test(text), false, "no full phone in the audit table");
    assert.equal(text.includes("x@y.ru"), false);
    const viaApi = await t.rest("GET", "/api/v1/audit?entity_type=customer&limit=100", {
      token: admin.token,
    });
    assert.equal(/\+7\d{10}/.test(JSON.stringify(viaApi.json)), false);
    assert.ok(JSON.stringify(viaApi.json).includes("+7 (***) ***-**00"));
  }));

Deno.test("engineers change only the customers they created", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    const eng = await t.crmUser("ENGINEER");
    const own = await t.customer(eng, o.id);
    const foreign = await t.customer(admin, o.id);
    const ok = await t.rest("PATCH", `/api/v1/customers/${own.id}`, {
      token: eng.token,
      body: { version: 1, notes: "Перезвонить вечером" },
    });
    assert.equal(ok.status, 200);
    const denied = await t.rest("PATCH", `/api/v1/customers/${foreign.id}`, {
      token: eng.token,
      body: { version: 1, notes: "x" },
    });
    assert.equal(denied.status, 403);
    const stale = await t.rest("PATCH", `/api/v1/customers/${own.id}`, {
      token: eng.token,
      body: { version: 1, notes: "y" },
    });
    assert.equal(stale.status, 409, "customers have optimistic locking now");
  }));
