// Seed 002 acceptance checks 5–9 (objects), through REST and tRPC, as each CRM role.
import assert from "node:assert/strict";
import { type CrmUser, withCrm } from "./helpers.ts";

const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;

Deno.test("check 5: POST /objects with MKD is 201 v1 NEW for ADMIN and SUPERVISOR, 403 for ENGINEER; unknown type 422", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const body = { type: "MKD", address: "ул. Ленина, д. 1", city_id: t.city.moscow };
      const rest = await t.rest("POST", "/api/v1/objects", { token: u.token, body });
      const viaTrpc = await t.trpc(u.token).crm.objects.create.mutate(body as never).then(
        (v) => ({ ok: true as const, v }),
        (e) => ({ ok: false as const, status: e.data?.httpStatus }),
      );
      if (role === "ENGINEER") {
        assert.equal(rest.status, 403);
        assert.deepEqual(viaTrpc, { ok: false, status: 403 });
        continue;
      }
      assert.equal(rest.status, 201, JSON.stringify(rest.json));
      assert.equal(rest.json.version, 1);
      assert.equal(rest.json.status, "NEW");
      assert.equal(rest.json.created_by, u.user.id);
      assert.equal(rest.res.headers.get("location"), `/api/v1/objects/${rest.json.id}`);
      assert.ok(viaTrpc.ok && viaTrpc.v.version === 1 && viaTrpc.v.status === "NEW");
      const bad = await t.rest("POST", "/api/v1/objects", {
        token: u.token,
        body: { ...body, type: "CASTLE" },
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.json.errors[0].field, "type");
      const badTrpc = await t.trpc(u.token).crm.objects.create.mutate(
        { ...body, type: "CASTLE" } as never,
      )
        .then(() => null, (e) => e);
      assert.equal(badTrpc?.data?.httpStatus, 400);
      assert.equal(badTrpc?.data?.errors?.[0]?.field, "type");
    }
  }));

Deno.test("check 6: list pages with the envelope, limit=500 is 422, city and status filters AND", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const a = await t.object(admin, { city_id: t.city.moscow, status: "INTEREST" });
    await t.object(admin, { city_id: t.city.moscow, status: "NEW" });
    await t.object(admin, { city_id: t.city.kazan, status: "INTEREST" });
    await t.object(admin, { city_id: t.city.moscow, status: "NEW" });
    for (const role of ROLES) {
      const u: CrmUser = role === "ADMIN" ? admin : await t.crmUser(role, ["moscow", "kazan"]);
      const page = await t.rest("GET", "/api/v1/objects?page=1&limit=2", { token: u.token });
      assert.equal(page.status, 200);
      assert.deepEqual(Object.keys(page.json).sort(), ["items", "limit", "page", "pages", "total"]);
      assert.equal(page.json.items.length, 2);
      assert.equal(page.json.total, 4);
      assert.equal(page.json.pages, 2);
      const tooBig = await t.rest("GET", "/api/v1/objects?limit=500", { token: u.token });
      assert.equal(tooBig.status, 422);
      assert.equal(tooBig.json.errors[0].field, "limit");
      const both = await t.rest(
        "GET",
        `/api/v1/objects?city_id=${t.city.moscow}&status=INTEREST`,
        { token: u.token },
      );
      assert.deepEqual(both.json.items.map((o: { id: string }) => o.id), [a.id]);
      const viaTrpc = await t.trpc(u.token).crm.objects.list.query({
        city_id: t.city.moscow,
        status: "INTEREST",
        page: 1,
        limit: 20,
        sort: "-updated_at",
      });
      assert.deepEqual(viaTrpc.items.map((o) => o.id), [a.id]);
    }
  }));

Deno.test("supervisors and engineers see only objects of their cities", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const inKazan = await t.object(admin, { city_id: t.city.kazan });
    await t.object(admin, { city_id: t.city.moscow });
    for (const role of ["SUPERVISOR", "ENGINEER"] as const) {
      const u = await t.crmUser(role, ["kazan"]);
      const list = await t.trpc(u.token).crm.objects.list.query({
        page: 1,
        limit: 20,
        sort: "-updated_at",
      });
      assert.deepEqual(list.items.map((o) => o.id), [inKazan.id]);
    }
    const sup = await t.crmUser("SUPERVISOR", ["kazan"]);
    const outside = await t.rest("POST", "/api/v1/objects", {
      token: sup.token,
      body: { type: "CAFE", address: "Тверская, 1", city_id: t.city.moscow },
    });
    assert.equal(outside.status, 403);
    assert.equal(outside.json.errors[0].field, "city_id");
  }));

Deno.test("check 7: PATCH at the current version is 200 v+1; the old version is 409 with STALE_VERSION and a diff", () =>
  withCrm(async (t) => {
    for (const role of ["ADMIN", "SUPERVISOR"] as const) {
      const u = await t.crmUser(role);
      const o = await t.object(u);
      const ok = await t.rest("PATCH", `/api/v1/objects/${o.id}`, {
        token: u.token,
        body: { version: 1, status: "INTEREST" },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.json.version, 2);
      const stale = await t.rest("PATCH", `/api/v1/objects/${o.id}`, {
        token: u.token,
        body: { version: 1, status: "CALLBACK" },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.json.code, "CONFLICT");
      assert.equal(stale.json.expected_version, 1);
      assert.equal(stale.json.current_version, 2);
      assert.equal(stale.json.resolution_hints.code, "STALE_VERSION");
      assert.deepEqual(stale.json.diff, { status: { server: "INTEREST", client: "CALLBACK" } });
      assert.equal(stale.json.server_row.version, 2);
      const viaTrpc = await t.trpc(u.token).crm.objects.update.mutate({
        id: o.id,
        version: 1,
        status: "DONE",
      }).then(() => null, (e) => e);
      assert.equal(viaTrpc?.data?.httpStatus, 409);
      assert.equal(viaTrpc?.data?.details?.server_row.version, 2, "tRPC carries the same details");
      assert.equal(viaTrpc?.data?.details?.resolution_hints.code, "STALE_VERSION");
      const forced = await t.rest("PATCH", `/api/v1/objects/${o.id}?force=true`, {
        token: u.token,
        body: { version: 1, status: "CALLBACK" },
      });
      assert.equal(forced.status, 200);
      assert.equal(forced.json.version, 3);
      const audit = await t.deps.db.selectFrom("audit_log").select(["meta"])
        .where("entity", "=", "object").where("entity_id", "=", o.id)
        .where("action", "=", "update").orderBy("id").execute();
      assert.deepEqual(audit.map((a) => a.meta), [null, { forced: true }]);
      const noVersion = await t.rest("PATCH", `/api/v1/objects/${o.id}`, {
        token: u.token,
        body: { status: "DONE" },
      });
      assert.equal(noVersion.status, 422);
      assert.equal(noVersion.json.errors[0].field, "version");
    }
    const eng = await t.crmUser("ENGINEER");
    const admin = await t.crmUser("ADMIN");
    const o = await t.object(admin);
    const denied = await t.rest("PATCH", `/api/v1/objects/${o.id}`, {
      token: eng.token,
      body: { version: 1, status: "DONE" },
    });
    assert.equal(denied.status, 403);
  }));

Deno.test("check 8: an unknown object id is 404 through REST and tRPC", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const id = crypto.randomUUID();
      assert.equal((await t.rest("GET", `/api/v1/objects/${id}`, { token: u.token })).status, 404);
      const e = await t.trpc(u.token).crm.objects.get.query({ id }).then(() => null, (e) => e);
      assert.equal(e?.data?.httpStatus, 404);
    }
  }));

Deno.test("check 9: delegate to a non-supervisor is 422; to a supervisor 200, and it shows in their my-tasks", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const lead = await t.crmUser("SUPERVISOR");
    const target = await t.crmUser("SUPERVISOR");
    const eng = await t.crmUser("ENGINEER");
    for (const by of [admin, lead]) {
      const o = await t.object(by);
      const bad = await t.rest(
        "POST",
        `/api/v1/objects/${o.id}/delegate?supervisor_id=${eng.user.id}`,
        { token: by.token },
      );
      assert.equal(bad.status, 422);
      assert.equal(bad.json.errors[0].field, "supervisor_id");
      const ok = await t.rest(
        "POST",
        `/api/v1/objects/${o.id}/delegate?supervisor_id=${target.user.id}`,
        { token: by.token },
      );
      assert.equal(ok.status, 200);
      assert.equal(ok.json.responsible_user_id, target.user.id);
      assert.equal(ok.json.version, 2);
    }
    const tasks = await t.rest("GET", "/api/v1/objects/my-tasks", { token: target.token });
    assert.equal(tasks.status, 200);
    assert.equal(tasks.json.total, 2);
    const viaTrpc = await t.trpc(target.token).crm.objects.myTasks.query({ page: 1, limit: 20 });
    assert.equal(viaTrpc.total, 2);
    assert.equal(
      (await t.rest("GET", "/api/v1/objects/my-tasks", { token: eng.token })).status,
      403,
    );
    const delegations = await t.deps.db.selectFrom("audit_log").select("id")
      .where("action", "=", "delegate").execute();
    assert.equal(delegations.length, 2);
  }));

Deno.test("objects near a point: the GIST-served radius filter keeps only close ones", () =>
  withCrm(async (t) => {
    const admin = await t.crmUser("ADMIN");
    const kremlin = await t.object(admin, { gps_lat: 55.752, gps_lng: 37.617 });
    await t.object(admin, { gps_lat: 55.9, gps_lng: 37.9 }); // ~24 km away
    const near = await t.rest(
      "GET",
      "/api/v1/objects?near_lat=55.75&near_lng=37.62&radius_km=2",
      { token: admin.token },
    );
    assert.deepEqual(near.json.items.map((o: { id: string }) => o.id), [kremlin.id]);
    const half = await t.rest("GET", "/api/v1/objects?near_lat=55.75", { token: admin.token });
    assert.equal(half.status, 422);
  }));
