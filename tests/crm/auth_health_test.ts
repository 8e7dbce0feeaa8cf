// Seed 002 acceptance checks 1–4 (auth and health), through REST and tRPC, as each CRM role.
import assert from "node:assert/strict";
import { withCrm } from "./helpers.ts";

const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER"] as const;

function form(fields: Record<string, string>) {
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

Deno.test("check 1: form login gives a token pair with expires_in 1800, a wrong password 401, and a login audit entry", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const ok = await t.rest("POST", "/api/v1/auth/token", {
        ...form({ username: u.user.email!, password: u.password }),
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.json));
      assert.equal(ok.json.token_type, "bearer");
      assert.equal(ok.json.expires_in, 1800);
      assert.ok(ok.json.access_token && ok.json.refresh_token);
      const me = await t.rest("GET", "/api/v1/users/me", { token: ok.json.access_token });
      assert.equal(me.json.role, role);
      const wrong = await t.rest("POST", "/api/v1/auth/token", {
        ...form({ username: u.user.email!, password: "not-the-password" }),
      });
      assert.equal(wrong.status, 401);
      const logins = await t.deps.db.selectFrom("audit_log").select("id")
        .where("action", "=", "login").where("actor_id", "=", u.user.id).execute();
      assert.equal(logins.length, 1);
      const viaTrpc = await t.trpc().auth.login.mutate({
        login: u.user.login,
        password: u.password,
      });
      assert.equal(viaTrpc.expires_in, 1800);
      const refreshed = await t.rest("POST", "/api/v1/auth/refresh", {
        body: { refresh_token: ok.json.refresh_token },
      });
      assert.equal(refreshed.status, 200);
      assert.equal(refreshed.json.expires_in, 1800);
      const out = await t.rest("POST", "/api/v1/auth/logout", { token: ok.json.access_token });
      assert.equal(out.status, 204);
    }
  }, { RATE_LIMIT_LOGIN_PER_MIN: "100" }));

Deno.test("login is limited to 5 a minute per caller (429 after)", () =>
  withCrm(async (t) => {
    const u = await t.crmUser("ENGINEER");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.rest("POST", "/api/v1/auth/token", {
        ...form({ username: u.user.email!, password: "wrong-password" }),
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  }));

Deno.test("check 2: ENGINEER gets 403 on /users and 200 with role ENGINEER on /users/me", () =>
  withCrm(async (t) => {
    for (const role of ROLES) {
      const u = await t.crmUser(role);
      const list = await t.rest("GET", "/api/v1/users", { token: u.token });
      const viaTrpc = await t.trpc(u.token).crm.users.list.query({ page: 1, limit: 20 }).then(
        () => 200,
        (e) => e.data?.httpStatus,
      );
      assert.equal(list.status, role === "ENGINEER" ? 403 : 200);
      assert.equal(viaTrpc, role === "ENGINEER" ? 403 : 200);
      const me = await t.rest("GET", "/api/v1/users/me", { token: u.token });
      assert.equal(me.status, 200);
      assert.equal(me.json.role, role);
      assert.ok(me.json.scopes.length > 0, "scopes are filled from the role");
      assert.equal((await t.trpc(u.token).crm.users.me.query()).role, role);
    }
  }));

Deno.test("check 3: no token is 401 on REST and tRPC", () =>
  withCrm(async (t) => {
    for (const path of ["/api/v1/objects", "/api/v1/users/me", "/api/v1/dictionaries/cities"]) {
      const res = await t.rest("GET", path);
      assert.equal(res.status, 401, path);
      assert.equal(res.json.code, "UNAUTHORIZED");
    }
    const e = await t.trpc().crm.objects.list.query({} as never).then(() => null, (e) => e);
    assert.equal(e?.data?.httpStatus, 401);
  }));

Deno.test("check 4: /health and /ready are 200; /ready is 503 when the database is down", async () => {
  await withCrm(async (t) => {
    assert.equal((await t.rest("GET", "/health")).status, 200);
    assert.equal((await t.rest("GET", "/ready")).status, 200);
    // A database that cannot answer: the same app on a closed connection.
    const { createApp } = await import("../../app.ts");
    const { openTestDatabase } = await import("../helpers/db.ts");
    const dead = await openTestDatabase();
    await dead.close();
    const app = createApp({ ...t.deps, db: dead.db });
    const res = await app.request("/ready");
    assert.equal(res.status, 503);
    await res.body?.cancel();
  });
});

Deno.test("supervisors manage the engineers of their cities only", () =>
  withCrm(async (t) => {
    const sup = await t.crmUser("SUPERVISOR", ["kazan"]);
    const created = await t.rest("POST", "/api/v1/users", {
      token: sup.token,
      body: {
        email: "new.engineer@example.ru",
        password: "password-123",
        full_name: "Новый Инженер",
        role: "ENGINEER",
        city_ids: [t.city.kazan],
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    assert.deepEqual(created.json.city_ids, [t.city.kazan]);
    const asSupervisor = await t.rest("POST", "/api/v1/users", {
      token: sup.token,
      body: {
        email: "boss@example.ru",
        password: "password-123",
        full_name: "Босс",
        role: "SUPERVISOR",
        city_ids: [t.city.kazan],
      },
    });
    assert.equal(asSupervisor.status, 403);
    const elsewhere = await t.crmUser("ENGINEER", ["moscow"]);
    const hidden = await t.rest("GET", `/api/v1/users/${elsewhere.user.id}`, { token: sup.token });
    assert.equal(hidden.status, 404);
    const off = await t.rest("PATCH", `/api/v1/users/${created.json.id}`, {
      token: sup.token,
      body: { is_active: false },
    });
    assert.equal(off.status, 200);
    assert.equal(off.json.is_active, false);
    const list = await t.rest("GET", "/api/v1/users", { token: sup.token });
    assert.deepEqual(list.json.items.map((u: { id: string }) => u.id), [created.json.id]);
  }));
