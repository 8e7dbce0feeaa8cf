// Seed 002's default limit on CRM routes: CRM_RATE_LIMIT_PER_MIN per caller and route.
import assert from "node:assert/strict";
import { withCrm } from "./helpers.ts";

Deno.test("CRM routes allow CRM_RATE_LIMIT_PER_MIN calls a minute per caller and route, then 429", () =>
  withCrm(async (t) => {
    const eng = await t.crmUser("ENGINEER");
    const other = await t.crmUser("ENGINEER");
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.rest("GET", "/api/v1/objects", { token: eng.token })).status);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const limited = await t.rest("GET", "/api/v1/objects", { token: eng.token });
    assert.equal(limited.json.code, "TOO_MANY_REQUESTS");
    assert.ok(Number(limited.res.headers.get("retry-after")) > 0);
    assert.equal((await t.rest("GET", "/api/v1/visits", { token: eng.token })).status, 200);
    assert.equal((await t.rest("GET", "/api/v1/objects", { token: other.token })).status, 200);
    const client = t.trpc(eng.token);
    const calls = [];
    for (let i = 0; i < 4; i++) {
      calls.push(
        await client.crm.dictionaries.cities.query().then(() => 200, (e) => e.data?.httpStatus),
      );
    }
    assert.deepEqual(calls, [200, 200, 200, 429]);
  }, { CRM_RATE_LIMIT_PER_MIN: "3" }));
