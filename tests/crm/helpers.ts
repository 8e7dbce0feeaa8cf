/**
 * CRM test fixtures: a test app with the seeded cities, users of each CRM role placed in
 * cities through the CRM's own user management, JSON REST calls, and objects, customers and
 * visits created through the same domain functions the API calls.
 *
 * @module
 */
import { systemActor } from "../../platform/actor.ts";
import type { Role } from "../../routers/auth/roles.ts";
import { type CrmCaller, loadCaller } from "../../routers/crm/caller.ts";
import { createCustomer } from "../../routers/crm/customers.ts";
import { createObject } from "../../routers/crm/objects.ts";
import { updateCrmUser } from "../../routers/crm/users.ts";
import { createVisit } from "../../routers/crm/visits.ts";
import { objectCreate } from "../../routers/crm/schemas/objects.ts";
import { customerCreate } from "../../routers/crm/schemas/customers.ts";
import { visitCreate } from "../../routers/crm/schemas/visits.ts";
import {
  request,
  startTestApp,
  type TestApp,
  type TestAppOptions,
  type TestUser,
} from "../helpers/app.ts";
import { closeAfter } from "../helpers/with_app.ts";

/** A parsed JSON response body; tests read its fields freely. */
// deno-lint-ignore no-explicit-any
export type JsonBody = Record<string, any>;

/** A CRM user of a test, with its caller. */
export interface CrmUser extends TestUser {
  caller: CrmCaller;
}

/** A running CRM test instance. */
export interface CrmTest extends TestApp {
  city: { moscow: string; spb: string; kazan: string };
  /** A user with `role` working in `cities` (names as in {@link CrmTest.city}). */
  crmUser(role: Role, cities?: (keyof CrmTest["city"])[]): Promise<CrmUser>;
  /** A JSON REST call; `json` is the parsed body (null when empty). */
  rest(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<
    { status: number; json: JsonBody; res: Response }
  >;
  object(by: CrmUser, extra?: Record<string, unknown>): Promise<{ id: string; version: number }>;
  customer(by: CrmUser, objectId: string, extra?: Record<string, unknown>): Promise<{ id: string }>;
  visit(by: CrmUser, objectId: string, extra?: Record<string, unknown>): Promise<{ id: string }>;
}

/** Starts a CRM test app; the CRM's own rate limit is lifted unless `env` sets it. */
export async function startCrm(
  env: Record<string, string> = {},
  options: Omit<TestAppOptions, "env"> = {},
): Promise<CrmTest> {
  const t = await startTestApp({
    ...options,
    env: { CRM_RATE_LIMIT_PER_MIN: "1000000", RATE_LIMIT_DEFAULT_PER_MIN: "1000000", ...env },
  });
  const rows = await t.deps.db.selectFrom("crm_cities").select(["id", "name"]).execute();
  const byName = (n: string) => rows.find((r) => r.name === n)!.id;
  const city = {
    moscow: byName("Москва"),
    spb: byName("Санкт-Петербург"),
    kazan: byName("Казань"),
  };
  const root = await loadCaller(t.deps.db, {
    ...systemActor(),
    userId: (await t.user(["ADMIN"])).user.id,
    roles: ["ADMIN"],
  });
  let n = 0;
  return {
    ...t,
    city,
    async crmUser(role, cities = ["moscow"]) {
      const u = await t.user([role]);
      if (role !== "ADMIN" && cities.length) {
        await updateCrmUser(t.deps.db, root, u.user.id, { city_ids: cities.map((c) => city[c]) });
      }
      const caller = await loadCaller(t.deps.db, { userId: u.user.id, roles: [role] });
      return { ...u, caller };
    },
    async rest(method, path, options = {}) {
      const res = await request(t.app, method, path, options);
      const isJson = /json/.test(res.headers.get("content-type") ?? "");
      const text = isJson ? await res.clone().text() : "";
      return { status: res.status, json: text ? JSON.parse(text) : null, res };
    },
    async object(by, extra = {}) {
      const input = objectCreate.parse({
        type: "MKD",
        address: `ул. Тестовая, д. ${++n}`,
        city_id: city.moscow,
        ...extra,
      });
      return await createObject(t.deps, by.caller, input);
    },
    async customer(by, objectId, extra = {}) {
      return await createCustomer(
        t.deps,
        by.caller,
        customerCreate.parse({
          object_id: objectId,
          full_name: `Клиент ${++n}`,
          ...extra,
        }),
      );
    },
    async visit(by, objectId, extra = {}) {
      return await createVisit(
        t.deps,
        by.caller,
        visitCreate.parse({ object_id: objectId, ...extra }),
      );
    },
  };
}

/** Runs `fn` with a fresh CRM app and always closes it. */
export function withCrm(
  fn: (t: CrmTest) => Promise<void>,
  env: Record<string, string> = {},
): Promise<void> {
  return closeAfter(startCrm(env), fn);
}
