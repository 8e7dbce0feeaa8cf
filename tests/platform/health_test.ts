import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";
import { openTestDatabase } from "../helpers/db.ts";

Deno.test("health, readiness and ping answer on the seeds' paths", async () => {
  const t = await startTestApp();
  try {
    const health = await (await request(t.app, "GET", "/health")).json();
    assert.equal(health.status, "ok");
    assert.equal(health.service, "fieldhub");
    assert.equal(typeof health.uptime_seconds, "number");
    const ready = await request(t.app, "GET", "/ready");
    assert.equal(ready.status, 200);
    assert.equal((await ready.json()).database.ok, true);
    assert.deepEqual(await (await request(t.app, "GET", "/api/health")).json(), { status: "ok" });
    const db = await request(t.app, "GET", "/api/health/db");
    assert.equal(db.status, 200);
    assert.equal((await db.json()).status, "ok");
    const ping = await (await request(t.app, "GET", "/api/v1/system/ping")).json();
    assert.equal(ping.status, "pong");
    assert.equal(ping.service, "fieldhub");
    assert.ok(!Number.isNaN(Date.parse(ping.timestamp)));
  } finally {
    await t.close();
  }
});

Deno.test("readiness is 503 when the database is unreachable, liveness stays 200", async () => {
  const database = await openTestDatabase();
  const t = await startTestApp({ database });
  try {
    await database.close(); // the database goes away under the running app
    for (const path of ["/ready", "/api/health/db"]) {
      const res = await request(t.app, "GET", path);
      assert.equal(res.status, 503, path);
      const problem = await res.json();
      assert.equal(problem.code, "SERVICE_UNAVAILABLE");
      assert.equal(problem.database.ok, false);
    }
    const live = await request(t.app, "GET", "/health");
    assert.equal(live.status, 200);
    await live.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("collection paths answer with or without a trailing slash (seed 002 clients use one)", async () => {
  const t = await startTestApp();
  try {
    const res = await request(t.app, "GET", "/api/v1/system/ping/");
    assert.equal(res.status, 200);
    assert.equal((await res.json()).status, "pong");
  } finally {
    await t.close();
  }
});
