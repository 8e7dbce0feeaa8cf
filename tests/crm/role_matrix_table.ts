/**
 * The role matrix's table: for every CRM REST route and tRPC procedure, the roles that may call
 * it and a call that succeeds for them, built from the rows a {@link Fixture} prepared for the
 * caller. `$moscow` in a body stands for the Moscow city id.
 *
 * @module
 */
import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "../../routers/_app.ts";
import type { Role } from "../../routers/auth/roles.ts";
import type { CrmUser } from "./helpers.ts";

const ALL: Role[] = ["ADMIN", "SUPERVISOR", "ENGINEER"];
const LEAD: Role[] = ["ADMIN", "SUPERVISOR"];
/** The callers of the matrix; MASTER stands for every non-CRM role, denied everywhere. */
export const CALLERS: Role[] = ["ADMIN", "SUPERVISOR", "ENGINEER", "MASTER"];

/** Rows one caller's calls need, built for that caller. */
export interface Fixture {
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

/** `METHOD path` of every CRM REST route → who may call it, and the call (`FORM`: a login form). */
export const REST: Record<string, [Role[], Rest]> = {
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
/** Every CRM tRPC procedure → who may call it, and the call. */
export const TRPC: Record<string, [Role[], Trpc]> = {
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
