import assert from "node:assert/strict";
import { Hono } from "hono";
import { SignJWT } from "jose";
import { safeNext } from "../../fresh-ui/session.ts";
import { isSameOrigin } from "../../platform/middleware/authenticate.ts";
import { startTestApp, TEST_JWT_SECRET } from "../helpers/app.ts";
import { cookieHeader, getPage, setCookies, signIn } from "./helpers.ts";

function trpc(path: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return new Request(`http://localhost/trpc/${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.method === "POST" ? JSON.stringify({ id: crypto.randomUUID() }) : undefined,
  });
}

Deno.test("tRPC accepts the session cookie; cookie mutations must come from the same origin", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["OPERATOR"]);
    const { fh_session } = await signIn(t, user.login, password);
    const cookie = cookieHeader({ fh_session });
    const me = await t.app.request(trpc("auth.me", { headers: { cookie } }));
    assert.equal((await me.json()).result.data.id, user.id);

    // jobs.replay of an unknown id: a signed-in caller gets 404, a refused one 401/403.
    const crossSite = await t.app.request(
      trpc("jobs.replay", { method: "POST", headers: { cookie, origin: "https://evil.example" } }),
    );
    assert.equal(crossSite.status, 403);
    assert.match((await crossSite.json()).error.message, /Cross-site request/);
    const fetchSite = await t.app.request(
      trpc("jobs.replay", { method: "POST", headers: { cookie, "sec-fetch-site": "same-site" } }),
    );
    assert.equal(fetchSite.status, 403, "a sibling subdomain is another site too");
    const sameOrigin = await t.app.request(trpc("jobs.replay", {
      method: "POST",
      headers: { cookie, origin: "http://localhost", "sec-fetch-site": "same-origin" },
    }));
    assert.equal(sameOrigin.status, 404, "same-origin cookie mutation is authenticated");

    // A bearer token wins over a cookie, and is not subject to the origin rule.
    const other = await t.user(["ADMIN"]);
    const bearer = await t.app.request(trpc("auth.me", {
      headers: { cookie, authorization: `Bearer ${other.token}`, origin: "https://evil.example" },
    }));
    assert.equal((await bearer.json()).result.data.id, other.user.id);
  } finally {
    await t.close();
  }
});

Deno.test("an expired access cookie is renewed from the refresh cookie and the page comes back", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["ENGINEER"]);
    const { fh_refresh } = await signIn(t, user.login, password);
    const expired = await new SignJWT({ roles: ["ENGINEER"], typ: "access" })
      .setProtectedHeader({ alg: "HS256" }).setSubject(user.id).setIssuer("fieldhub")
      .setIssuedAt(1_000).setExpirationTime(2_000).sign(new TextEncoder().encode(TEST_JWT_SECRET));

    const page = await getPage(t, "/app/jobs?page=2", { fh_session: expired });
    assert.equal(page.status, 303);
    const resumeAt = page.headers.get("location")!;
    assert.equal(resumeAt, "/ui/session/resume?next=%2Fapp%2Fjobs%3Fpage%3D2");

    const resumed = await getPage(t, resumeAt, { fh_session: expired, fh_refresh });
    assert.equal(resumed.headers.get("location"), "/app/jobs?page=2");
    const fresh = setCookies(resumed).get("fh_session")!.value;
    assert.equal((await getPage(t, "/app/jobs", { fh_session: fresh })).status, 200);

    // Islands renew by POST; without a refresh cookie the session is over.
    const post = (cookies: Record<string, string>) =>
      t.app.request("http://localhost/ui/session/refresh", {
        method: "POST",
        headers: { cookie: cookieHeader(cookies), "sec-fetch-site": "same-origin" },
      });
    const renewed = await post({ fh_refresh });
    assert.equal(renewed.status, 204);
    assert.ok(setCookies(renewed).get("fh_session")!.value.length > 20);
    const none = await post({});
    assert.equal(none.status, 401);
    const lost = await getPage(t, resumeAt, { fh_session: expired });
    assert.equal(lost.headers.get("location"), "/login?next=%2Fapp%2Fjobs%3Fpage%3D2");
    assert.equal(setCookies(lost).get("fh_session")?.value, "", "the stale cookie is cleared");
  } finally {
    await t.close();
  }
});

Deno.test("logout clears both cookies and is recorded in the audit log", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["MASTER"]);
    const cookies = await signIn(t, user.login, password);
    const res = await t.app.request("http://localhost/logout", {
      method: "POST",
      headers: { cookie: cookieHeader(cookies), origin: "http://localhost" },
    });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/login");
    const c = setCookies(res);
    assert.equal(c.get("fh_session")?.value, "");
    assert.match(c.get("fh_refresh")!.raw, /Path=\/ui\/session/);
    const audit = await t.deps.db.selectFrom("audit_log").select("action")
      .where("actor_id", "=", user.id).where("action", "=", "logout").execute();
    assert.equal(audit.length, 1);

    const forged = await t.app.request("http://localhost/logout", {
      method: "POST",
      headers: { cookie: cookieHeader(cookies), origin: "https://evil.example" },
    });
    assert.equal(forged.status, 403, "another site cannot log the user out");
  } finally {
    await t.close();
  }
});

Deno.test("a deactivated user's cookie no longer opens pages", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["OPERATOR"]);
    const cookies = await signIn(t, user.login, password);
    await t.deps.db.updateTable("users").set({ is_active: false }).where("id", "=", user.id)
      .execute();
    const res = await getPage(t, "/app", cookies);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/login?next=%2Fapp");
  } finally {
    await t.close();
  }
});

Deno.test("the post-login redirect stays inside the signed-in UI", () => {
  assert.equal(safeNext("/app/jobs?status=dead"), "/app/jobs?status=dead");
  assert.equal(safeNext("/app"), "/app");
  for (
    const bad of [
      "https://evil.example/app",
      "//evil.example/app",
      "/appx",
      "/api/v1",
      "/app\\@x",
      null,
    ]
  ) {
    assert.equal(safeNext(bad), "/app", String(bad));
  }
  assert.equal(safeNext("/app/../login"), "/app", "dot segments are resolved first");
});

Deno.test("same-origin check: Sec-Fetch-Site first, then Origin against the (proxied) host", async () => {
  const probe = (trustProxy: boolean) =>
    new Hono().post("/", (c) => c.text(String(isSameOrigin(c, trustProxy))));
  const ask = async (trustProxy: boolean, headers: Record<string, string>) =>
    await (await probe(trustProxy).request("http://10.0.0.5:8000/", { method: "POST", headers }))
      .text();
  assert.equal(await ask(false, {}), "true", "no browser headers: not a browser");
  assert.equal(await ask(false, { "sec-fetch-site": "none" }), "true", "typed by the user");
  assert.equal(
    await ask(false, { "sec-fetch-site": "cross-site", origin: "http://10.0.0.5:8000" }),
    "false",
  );
  assert.equal(await ask(false, { origin: "http://10.0.0.5:8000" }), "true");
  assert.equal(await ask(false, { origin: "null" }), "false", "opaque origins are refused");
  const proxied = { origin: "https://fieldhub.example", "x-forwarded-host": "fieldhub.example" };
  assert.equal(await ask(true, proxied), "true", "behind a trusted proxy its host counts");
  assert.equal(await ask(false, proxied), "false", "an untrusted X-Forwarded-Host is ignored");
});
