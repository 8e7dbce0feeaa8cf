// Every CRM REST route and tRPC procedure, called as each role; who may call what comes from
// one table. A route or procedure missing from the table fails the test.
import assert from "node:assert/strict";
import type { TRPCClient } from "@trpc/client";
import { restRoutes } from "../../app.ts";
import { type AppRouter, appRouter } from "../../routers/_app.ts";
import type { Role } from "../../routers/auth/roles.ts";
import { type CrmTest, type CrmUser, withCrm } from "./helpers.ts";
import { waitForReport } from "./report_helpers.ts";

const ALL: Role[] = ["ADMIN", "SUPERVISOR", "ENGINEER"];
const LEAD: Role[] = ["ADMIN", "SUPERVISOR"];
/** MASTER stands for every non-CRM role: denied everywhere in the CRM. */
const CALLERS: Role[] = ["ADMIN", "SUPERVISOR", "ENGINEER", "MASTER"];

/** Rows one caller's calls need, built for that caller. */
interface Fixture {
  u: CrmUser;
  objectId: string;
  spareObjectId: string;
  customerId: string;
  visitId: string;
  spareVisitId: string;
  engineerId: string;
  supervisorId: string;
  auditId: number;
  refreshToken: string;
  /** A finished report job of the caller. */
  reportId: string;
}

type Rest = (f: Fixture) => [string, string, unknown?];
type Trpc = (c: TRPCClient<AppRouter>, f: Fixture) => Promise<unknown>;
let seq = 0;
const email = () => `matrix${++seq}.${crypto.randomUUID().slice(0, 6)}@example.ru`;

const REST: Record<string, [Role[], Rest]> = {
  "POST /api/v1/auth/token": [CALLERS, () => ["FORM", "/api/v1/auth/token"]],
  "POST /api/v1/auth/refresh": [
    CALLERS,
    (f) => ["POST", "/api/v1/auth/refresh", { refresh_token: f.refreshToken }],
  ],
  "POST /api/v1/auth/logout": [CALLERS, () => ["POST", "/api/v1/auth/logout"]],
  "GET /api/v1/users/me": [ALL, () => ["GET", "/api/v1/users/me"]],
  "GET /api/v1/users/supervisors": [ALL, () => ["GET", "/api/v1/users/supervisors?q=Test"]],
  "GET /api/v1/users": [LEAD, () => ["GET", "/api/v1/users"]],
  "POST /api/v1/users": [
    LEAD,
    () => ["POST", "/api/v1/users", {
      email: email(),
      password: "password-1",
      full_name: "Инженер",
      role: "ENGINEER",
      city_ids: ["$moscow"],
    }],
  ],
  "GET /api/v1/users/:id": [LEAD, (f) => ["GET", `/api/v1/users/${f.engineerId}`]],
  "PATCH /api/v1/users/:id": [
    LEAD,
    (f) => ["PATCH", `/api/v1/users/${f.engineerId}`, { full_name: "Иван" }],
  ],
  "GET /api/v1/objects": [ALL, () => ["GET", "/api/v1/objects?status=NEW"]],
  "POST /api/v1/objects": [
    LEAD,
    () => ["POST", "/api/v1/objects", {
      type: "CAFE",
      address: "ул. Новая, 1",
      city_id: "$moscow",
    }],
  ],
  "GET /api/v1/objects/my-tasks": [LEAD, () => ["GET", "/api/v1/objects/my-tasks"]],
  "GET /api/v1/objects/:id": [ALL, (f) => ["GET", `/api/v1/objects/${f.objectId}`]],
  "PATCH /api/v1/objects/:id": [
    LEAD,
    (f) => ["PATCH", `/api/v1/objects/${f.objectId}`, { force: true, tags: ["vip"] }],
  ],
  "DELETE /api/v1/objects/:id": [
    LEAD,
    (f) => ["DELETE", `/api/v1/objects/${f.spareObjectId}?force=true`],
  ],
  "POST /api/v1/objects/:id/delegate": [
    LEAD,
    (f) => ["POST", `/api/v1/objects/${f.objectId}/delegate?supervisor_id=${f.supervisorId}`],
  ],
  "GET /api/v1/visits": [ALL, () => ["GET", "/api/v1/visits"]],
  "POST /api/v1/visits": [ALL, (f) => ["POST", "/api/v1/visits", { object_id: f.objectId }]],
  "GET /api/v1/visits/:id": [ALL, (f) => ["GET", `/api/v1/visits/${f.visitId}`]],
  "PATCH /api/v1/visits/:id": [
    ALL,
    (f) => ["PATCH", `/api/v1/visits/${f.visitId}`, { force: true, status: "IN_PROGRESS" }],
  ],
  "POST /api/v1/visits/:id/complete": [
    ALL,
    (
      f,
    ) => ["POST", `/api/v1/visits/${f.visitId}/complete`, {
      status: "DONE",
      outcome_text: "ok",
      version: 1,
      force: true,
    }],
  ],
  "DELETE /api/v1/visits/:id": [
    ALL,
    (f) => ["DELETE", `/api/v1/visits/${f.spareVisitId}?version=1`],
  ],
  "GET /api/v1/customers": [ALL, () => ["GET", "/api/v1/customers?rating_min=1"]],
  "POST /api/v1/customers": [ALL, (f) => ["POST", "/api/v1/customers", { object_id: f.objectId }]],
  "GET /api/v1/customers/:id": [ALL, (f) => ["GET", `/api/v1/customers/${f.customerId}`]],
  "PATCH /api/v1/customers/:id": [
    ALL,
    (f) => ["PATCH", `/api/v1/customers/${f.customerId}`, { version: 1, notes: "n" }],
  ],
  "DELETE /api/v1/customers/:id": [
    LEAD,
    (f) => ["DELETE", `/api/v1/customers/${f.customerId}?force=true`],
  ],
  "GET /api/v1/dictionaries/cities": [ALL, () => ["GET", "/api/v1/dictionaries/cities"]],
  "GET /api/v1/dictionaries/districts": [ALL, () => ["GET", "/api/v1/dictionaries/districts"]],
  "GET /api/v1/analytics/summary": [ALL, () => ["GET", "/api/v1/analytics/summary?period=week"]],
  "GET /api/v1/analytics/objects/by-city": [
    ALL,
    () => ["GET", "/api/v1/analytics/objects/by-city"],
  ],
  "POST /api/v1/sync/batch": [
    ALL,
    (
      f,
    ) => ["POST", "/api/v1/sync/batch", {
      items: [{
        table_name: "visits",
        client_generated_id: crypto.randomUUID(),
        payload: { object_id: f.objectId },
      }],
    }],
  ],
  "GET /api/v1/sync/changes": [ALL, () => ["GET", "/api/v1/sync/changes?cursor=0"]],
  "POST /api/v1/sync/changes": [ALL, () => ["POST", "/api/v1/sync/changes", { cursor: 0 }]],
  "POST /api/v1/reports/export": [
    ALL,
    (
      f,
    ) => ["POST", "/api/v1/reports/export", {
      entity: "customers",
      filters: { object_id: f.objectId },
    }],
  ],
  "GET /api/v1/reports/jobs": [ALL, () => ["GET", "/api/v1/reports/jobs"]],
  "GET /api/v1/reports/jobs/:id": [ALL, (f) => ["GET", `/api/v1/reports/jobs/${f.reportId}`]],
  "GET /api/v1/reports/jobs/:id/download": [
    ALL,
    (f) => ["GET", `/api/v1/reports/jobs/${f.reportId}/download`],
  ],
  "POST /api/v1/reports/preview": [
    ALL,
    () => ["POST", "/api/v1/reports/preview", { entity: "visits", limit: 5 }],
  ],
  "GET /api/v1/audit": [LEAD, () => ["GET", "/api/v1/audit"]],
  "GET /api/v1/audit/:id": [LEAD, (f) => ["GET", `/api/v1/audit/${f.auditId}`]],
};

const page = { page: 1, limit: 20 };
const TRPC: Record<string, [Role[], Trpc]> = {
  "crm.objects.list": [ALL, (c) => c.crm.objects.list.query(page as never)],
  "crm.objects.get": [ALL, (c, f) => c.crm.objects.get.query({ id: f.objectId })],
  "crm.objects.myTasks": [LEAD, (c) => c.crm.objects.myTasks.query(page)],
  "crm.objects.create": [
    LEAD,
    (c) =>
      c.crm.objects.create.mutate({ type: "MKD", address: "ул. Старая, 2", city_id: "$moscow" }),
  ],
  "crm.objects.update": [
    LEAD,
    (c, f) => c.crm.objects.update.mutate({ id: f.objectId, force: true, tags: ["a"] }),
  ],
  "crm.objects.delete": [
    LEAD,
    (c, f) => c.crm.objects.delete.mutate({ id: f.spareObjectId, force: true }),
  ],
  "crm.objects.delegate": [
    LEAD,
    (c, f) => c.crm.objects.delegate.mutate({ id: f.objectId, supervisor_id: f.supervisorId }),
  ],
  "crm.visits.list": [ALL, (c) => c.crm.visits.list.query(page as never)],
  "crm.visits.get": [ALL, (c, f) => c.crm.visits.get.query({ id: f.visitId })],
  "crm.visits.create": [ALL, (c, f) => c.crm.visits.create.mutate({ object_id: f.objectId })],
  "crm.visits.update": [
    ALL,
    (c, f) => c.crm.visits.update.mutate({ id: f.visitId, force: true, outcome_text: "x" }),
  ],
  "crm.visits.complete": [
    ALL,
    (c, f) =>
      c.crm.visits.complete.mutate({
        id: f.visitId,
        status: "CANCELLED",
        outcome_text: "x",
        version: 1,
        force: true,
      }),
  ],
  "crm.visits.delete": [
    ALL,
    (c, f) => c.crm.visits.delete.mutate({ id: f.spareVisitId, force: true }),
  ],
  "crm.customers.list": [ALL, (c) => c.crm.customers.list.query(page as never)],
  "crm.customers.get": [ALL, (c, f) => c.crm.customers.get.query({ id: f.customerId })],
  "crm.customers.create": [ALL, (c, f) => c.crm.customers.create.mutate({ object_id: f.objectId })],
  "crm.customers.update": [
    ALL,
    (c, f) => c.crm.customers.update.mutate({ id: f.customerId, force: true, notes: "t" }),
  ],
  "crm.customers.delete": [
    LEAD,
    (c, f) => c.crm.customers.delete.mutate({ id: f.customerId, force: true }),
  ],
  "crm.dictionaries.cities": [ALL, (c) => c.crm.dictionaries.cities.query()],
  "crm.dictionaries.districts": [ALL, (c) => c.crm.dictionaries.districts.query({})],
  "crm.analytics.summary": [ALL, (c) => c.crm.analytics.summary.query({ period: "all" })],
  "crm.analytics.byCity": [ALL, (c) => c.crm.analytics.byCity.query()],
  "crm.users.me": [ALL, (c) => c.crm.users.me.query()],
  "crm.users.supervisors": [ALL, (c) => c.crm.users.supervisors.query({})],
  "crm.users.list": [LEAD, (c) => c.crm.users.list.query(page)],
  "crm.users.get": [LEAD, (c, f) => c.crm.users.get.query({ id: f.engineerId })],
  "crm.users.create": [
    LEAD,
    (c) =>
      c.crm.users.create.mutate({
        email: email(),
        password: "password-1",
        full_name: "И",
        role: "ENGINEER",
        city_ids: ["$moscow"],
      }),
  ],
  "crm.users.update": [
    LEAD,
    (c, f) => c.crm.users.update.mutate({ id: f.engineerId, phone: "+79990000000" }),
  ],
  "sync.batch": [
    ALL,
    (c, f) =>
      c.sync.batch.mutate({
        items: [{
          table_name: "customers",
          client_generated_id: crypto.randomUUID(),
          payload: { object_id: f.objectId },
        }],
        force: false,
      }),
  ],
  "sync.changes": [ALL, (c) => c.sync.changes.query({ cursor: 0, limit: 10 })],
  "reports.export": [
    ALL,
    (c, f) =>
      c.reports.export.mutate({ entity: "visits", filters: { object_id: f.objectId } } as never),
  ],
  "reports.jobs": [ALL, (c) => c.reports.jobs.query(page)],
  "reports.job": [ALL, (c, f) => c.reports.job.query({ id: f.reportId })],
  "reports.preview": [
    ALL,
    (c) => c.reports.preview.query({ entity: "objects", limit: 5 } as never),
  ],
  "audit.list": [LEAD, (c) => c.audit.list.query(page)],
  "audit.get": [LEAD, (c, f) => c.audit.get.query({ id: f.auditId })],
};

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
