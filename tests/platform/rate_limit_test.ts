import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";
import { openTestDatabase } from "../helpers/db.ts";

Deno.test("two app instances on one KV share a login rate limit: the 6th attempt is 429 with Retry-After", async () => {
  const dir = await Deno.makeTempDir();
  const kvA = await Deno.openKv(`${dir}/kv.sqlite3`);
  const kvB = await Deno.openKv(`${dir}/kv.sqlite3`);
  const database = await openTestDatabase();
  const env = { TRUST_PROXY: "true" };
  const a = await startTestApp({ kv: kvA, database, env });
  const b = await startTestApp({ kv: kvB, database, env });
  try {
    const login = (app: typeof a.app) =>
      request(app, "POST", "/trpc/auth.login", {
        body: { login: "someone", password: "wrong-password" },
        headers: { "x-forwarded-for": "10.0.0.7" },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await login(i % 2 === 0 ? a.app : b.app);
      statuses.push(res.status);
      if (res.status === 429) {
        const retry = Number(res.headers.get("retry-after"));
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
        const body = await res.json();
        assert.equal(body.error.data.code, "TOO_MANY_REQUESTS");
      } else await res.body?.cancel();
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
  } finally {
    await a.close();
    await b.close();
    kvA.close();
    kvB.close();
    await database.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the default limit counts per caller across REST and tRPC and answers problem+json 429", async () => {
  const t = await startTestApp({ env: { RATE_LIMIT_DEFAULT_PER_MIN: "3" } });
  try {
    const { token } = await t.user(["ENGINEER"]);
    const other = await t.user(["ENGINEER"]);
    for (let i = 0; i < 3; i++) {
      const res = await request(t.app, "GET", "/api/v1/system/ping", { token });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("ratelimit-remaining"), String(2 - i));
      await res.body?.cancel();
    }
    const limited = await request(t.app, "GET", "/api/v1/system/ping", { token });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    const problem = await limited.json();
    assert.equal(problem.code, "TOO_MANY_REQUESTS");
    assert.equal(problem.limit, 3);
    const trpc = await t.trpc(token).system.ping.query().then(() => null, (e) => e);
    assert.equal(trpc?.data?.httpStatus, 429, "tRPC calls count against the same limit");
    const theirs = await request(t.app, "GET", "/api/v1/system/ping", { token: other.token });
    assert.equal(theirs.status, 200, "another caller has their own budget");
    await theirs.body?.cancel();
    const health = await request(t.app, "GET", "/health", { token });
    assert.equal(health.status, 200, "health probes are not limited");
    await health.body?.cancel();
  } finally {
    await t.close();
  }
});
