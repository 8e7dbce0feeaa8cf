// Seed 002 acceptance checks 10–12 (visits), through REST and tRPC, as each CRM role.
import assert from "node:assert/strict";
import { withCrm } from "./helpers.ts";

const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;

Deno.test("check 10: a visit is 201 PLANNED with engineer = self; another engineer's visit is 404; lists show own only", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    const stranger = await t.crmUser("ENGINEER");
    const theirs = await t.visit(stranger, o.id);
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const res = await t.rest("POST", "/api/v1/visits", {
        token: u.token,
        body: { object_id: o.id, scheduled_at: "2026-05-01T10:00:00+03:00", interests: ["TV"] },
      });
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.status, "PLANNED");
      assert.equal(res.json.engineer_id, u.user.id);
      assert.equal(res.json.scheduled_at, "2026-05-01T07:00:00.000Z");
      const viaTrpc = await t.trpc(u.token).crm.visits.create.mutate({ object_id: o.id });
      assert.equal(viaTrpc.engineer_id, u.user.id);
      const other = await t.rest("GET", `/api/v1/visits/${theirs.id}`, { token: u.token });
      assert.equal(other.status, role === "ENGINEER" ? 404 : 200);
      const list = await t.trpc(u.token).crm.visits.list.query({
        page: 1,
        limit: 100,
        sort: "-created_at",
      });
      if (role === "ENGINEER") {
        assert.deepEqual(
          new Set(list.items.map((v) => v.engineer_id)),
          new Set([u.user.id]),
        );
        assert.equal(list.total, 2);
      } else {
        assert.ok(list.items.some((v) => v.id === theirs.id));
      }
    }
    const eng = await t.crmUser("ENGINEER");
    const forOther = await t.rest("POST", "/api/v1/visits", {
      token: eng.token,
      body: { object_id: o.id, engineer_id: stranger.user.id },
    });
    assert.equal(forOther.status, 403);
    const naive = await t.rest("POST", "/api/v1/visits", {
      token: eng.token,
      body: { object_id: o.id, scheduled_at: "2026-05-01T10:00:00" },
    });
    assert.equal(naive.status, 422, "a time without a zone is refused");
    assert.equal(naive.json.errors[0].field, "scheduled_at");
  }));

Deno.test("check 11: completing with a stale version is 409; with the right one DONE, finished_at set, visits_count+1 once", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const o = await t.object(admin);
      const v = await t.visit(u, o.id);
      await t.rest("PATCH", `/api/v1/visits/${v.id}`, {
        token: u.token,
        body: { version: 1, status: "IN_PROGRESS" },
      });
      const body = { status: "DONE", outcome_text: "Договорились о подключении" };
      const stale = await t.rest("POST", `/api/v1/visits/${v.id}/complete`, {
        token: u.token,
        body: { ...body, version: 1 },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.current_version, 2);
      const done = await t.rest("POST", `/api/v1/visits/${v.id}/complete`, {
        token: u.token,
        body: { ...body, version: 2 },
      });
      assert.equal(done.status, 200);
      assert.equal(done.json.status, "DONE");
      assert.ok(done.json.finished_at);
      assert.equal(done.json.version, 3);
      const again = await t.trpc(u.token).crm.visits.complete.mutate({
        id: v.id,
        ...body,
        status: "DONE",
        version: 3,
      }).then(() => null, (e) => e);
      assert.equal(again?.data?.httpStatus, 409, "a second completion is refused");
      const obj = await t.rest("GET", `/api/v1/objects/${o.id}`, { token: u.token });
      assert.equal(obj.json.visits_count, 1);
      assert.ok(obj.json.last_visit_at);
      const cancelled = await t.visit(u, o.id);
      await t.trpc(u.token).crm.visits.complete.mutate({
        id: cancelled.id,
        status: "CANCELLED",
        outcome_text: "Никого нет дома",
        version: 1,
      });
      const after = await t.rest("GET", `/api/v1/objects/${o.id}`, { token: u.token });
      assert.equal(after.json.visits_count, 1, "a cancelled visit does not count");
      const completes = await t.deps.db.selectFrom("audit_log").select("id")
        .where("entity_id", "=", v.id).where("action", "=", "complete").execute();
      assert.equal(completes.length, 1);
    }
  }));

Deno.test("check 12: next_action_due=true lists only visits due now or earlier", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const due = await t.visit(u, o.id, { next_action_due_at: "2020-01-01T09:00:00Z" });
      await t.visit(u, o.id, { next_action_due_at: "2099-01-01T09:00:00Z" });
      await t.visit(u, o.id);
      const res = await t.rest(
        "GET",
        `/api/v1/visits?next_action_due=true&engineer_id=${u.user.id}`,
        { token: u.token },
      );
      assert.deepEqual(res.json.items.map((v: { id: string }) => v.id), [due.id]);
      const viaTrpc = await t.trpc(u.token).crm.visits.list.query({
        next_action_due: true,
        engineer_id: u.user.id,
        page: 1,
        limit: 20,
        sort: "-created_at",
      });
      assert.deepEqual(viaTrpc.items.map((v) => v.id), [due.id]);
    }
  }));
