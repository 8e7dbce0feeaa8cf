// Every CRM REST route and tRPC procedure, called as each role; who may call what comes from
// one table (role_matrix_table.ts). A route or procedure missing from the table fails the test.
import assert from "node:assert/strict";
import type { TRPCClient } from "@trpc/client";
import { restRoutes } from "../../app.ts";
import { type AppRouter, appRouter } from "../../routers/_app.ts";
import type { Role } from "../../routers/auth/roles.ts";
import { type CrmTest, withCrm } from "./helpers.ts";
import { waitForReport } from "./report_helpers.ts";
import { CALLERS, type Fixture, REST, TRPC } from "./role_matrix_table.ts";

/** A client whose inputs get `$moscow` replaced by the city's id. */
function withCity(client: TRPCClient<AppRouter>, t: CrmTest): TRPCClient<AppRouter> {
  const wrap = (target: unknown): unknown =>
    new Proxy(target as object, {
      get(obj, key) {
        const value = (obj as Record<PropertyKey, unknown>)[key];
        if (key === "query" || key === "mutate") {
          return (input: unknown) => (value as (i: unknown) => unknown)(fill(t, input));
        }
        return value && (typeof value === "object" || typeof value === "function")
          ? wrap(value)
          : value;
      },
    });
  return wrap(client) as TRPCClient<AppRouter>;
}

const OURS =
  /^(\/api\/v1\/(auth|users|objects|visits|customers|dictionaries|analytics|sync|audit|reports))/;

async function fixture(t: CrmTest, role: Role): Promise<Fixture> {
  const admin = await t.crmUser("ADMIN");
  const u = role === "MASTER"
    ? { ...(await t.user(["MASTER"])), caller: admin.caller }
    : await t.crmUser(role);
  const owner = role === "MASTER" ? admin : u;
  const o = await t.object(admin);
  const spare = await t.object(admin);
  const eng = await t.crmUser("ENGINEER");
  const sup = await t.crmUser("SUPERVISOR");
  const audit = await t.deps.db.selectFrom("audit_log").select("id").where("entity", "=", "object")
    .orderBy("id", "desc").executeTakeFirstOrThrow();
  const login = await t.trpc().auth.login.mutate({ login: u.user.login, password: u.password });
  const report = await t.rest("POST", "/api/v1/reports/export", {
    token: owner.token,
    body: { entity: "objects", filters: { search: crypto.randomUUID() } },
  });
  await waitForReport(t, owner, report.json.id);
  return {
    u,
    objectId: o.id,
    spareObjectId: spare.id,
    customerId: (await t.customer(owner, o.id)).id,
    visitId: (await t.visit(owner, o.id)).id,
    spareVisitId: (await t.visit(owner, o.id)).id,
    engineerId: eng.user.id,
    supervisorId: sup.user.id,
    auditId: audit.id,
    refreshToken: login.refresh_token,
    reportId: report.json.id,
  };
}

function fill(t: CrmTest, value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value).replaceAll("$moscow", t.city.moscow));
}

Deno.test("role matrix: every CRM route and procedure allows exactly the roles in the table", () =>
  withCrm(async (t) => {
    const routes = restRoutes.filter((r) => OURS.test(r.path))
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    assert.deepEqual(routes.filter((r) => !(r in REST)), [], "every route is in the table");
    const procs = Object.keys(appRouter._def.procedures)
      .filter((p) => /^(crm|sync|audit|reports)\./.test(p));
    assert.deepEqual(procs.filter((p) => !(p in TRPC)), [], "every procedure is in the table");

    await t.deps.queue.start(t.deps);
    for (const role of CALLERS) {
      const f = await fixture(t, role);
      for (const [name, [allowed, build]] of Object.entries(REST)) {
        const [method, path, body] = build(f);
        const res = method === "FORM"
          ? await t.rest("POST", path, {
            body: new URLSearchParams({ username: f.u.user.login, password: f.u.password })
              .toString(),
            headers: { "content-type": "application/x-www-form-urlencoded" },
          })
          : await t.rest(method, path, { token: f.u.token, body: fill(t, body) });
        const ok = allowed.includes(role);
        assert.ok(
          ok ? res.status < 300 : res.status === 403,
          `${role} ${name}: expected ${ok ? "2xx" : "403"}, got ${res.status} ${
            JSON.stringify(res.json)
          }`,
        );
        if (!name.startsWith("POST /api/v1/auth/token")) {
          const anon = await t.rest(method === "FORM" ? "POST" : method, path, {
            body: fill(t, body),
          });
          const isPublic = name.includes("/auth/token") || name.includes("/auth/refresh");
          if (!isPublic) assert.equal(anon.status, 401, `anonymous ${name}`);
        }
      }
      const g = await fixture(t, role); // the REST calls deleted some of f's rows
      const client = t.trpc(g.u.token);
      for (const [name, [allowed, call]] of Object.entries(TRPC)) {
        const status = await call(withCity(client, t), g)
          .then(() => 200, (e) => e.data?.httpStatus ?? String(e));
        const ok = allowed.includes(role);
        assert.equal(status, ok ? 200 : 403, `${role} trpc ${name}`);
      }
    }
  }, { RATE_LIMIT_LOGIN_PER_MIN: "1000" }));
