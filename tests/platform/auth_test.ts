import assert from "node:assert/strict";
import { TRPCClientError } from "@trpc/client";
import { SignJWT } from "jose";
import { startTestApp, TEST_JWT_SECRET } from "../helpers/app.ts";

Deno.test("login through tRPC returns a token that auth.me accepts", async () => {
  const t = await startTestApp();
  try {
    const { user, password } = await t.user(["ENGINEER"], { login: "ivanov" });
    const session = await t.trpc().auth.login.mutate({ login: "IVANOV", password });
    assert.equal(session.token_type, "bearer");
    assert.equal(session.expires_in, 1800);
    assert.equal(session.user.id, user.id);
    const me = await t.trpc(session.access_token).auth.me.query();
    assert.equal(me.login, "ivanov");
    assert.deepEqual(me.roles, ["ENGINEER"]);
    assert.ok(me.last_login_at, "login time recorded");
    const audit = await t.deps.db.selectFrom("audit_log").selectAll()
      .where("action", "=", "login").where("actor_id", "=", user.id).execute();
    assert.equal(audit.length, 1);
  } finally {
    await t.close();
  }
});

Deno.test("a wrong password and an unknown login both answer 401 with one message", async () => {
  const t = await startTestApp();
  try {
    await t.user(["CLIENT"], { login: "petrov" });
    for (const login of ["petrov", "nobody"]) {
      const err = await t.trpc().auth.login.mutate({ login, password: "wrong-password" })
        .then(() => null, (e) => e);
      assert.ok(err instanceof TRPCClientError);
      assert.equal(err.data?.httpStatus, 401);
      assert.equal(err.data?.code, "UNAUTHORIZED");
      assert.equal(err.message, "Invalid login or password");
    }
  } finally {
    await t.close();
  }
});

Deno.test("expired, forged and wrong-issuer tokens get 401", async () => {
  const t = await startTestApp();
  try {
    const { user } = await t.user(["ADMIN"]);
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const base = () =>
      new SignJWT({ roles: ["ADMIN"], typ: "access" }).setProtectedHeader({ alg: "HS256" })
        .setSubject(user.id);
    const expired = await base().setIssuer("fieldhub").setIssuedAt(1_000).setExpirationTime(2_000)
      .sign(key);
    const forged = await base().setIssuer("fieldhub").setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-xx"));
    const wrongIssuer = await base().setIssuer("mastermobile").setExpirationTime("1h").sign(key);
    for (
      const [token, message] of [[expired, "Token expired"], [forged, "Invalid token"], [
        wrongIssuer,
        "Invalid token",
      ]]
    ) {
      const err = await t.trpc(token).auth.me.query().then(() => null, (e) => e);
      assert.ok(err instanceof TRPCClientError, `${message}: rejected`);
      assert.equal(err.data?.httpStatus, 401);
      assert.equal(err.message, message);
    }
  } finally {
    await t.close();
  }
});

Deno.test("a refresh token is not an access token, and refresh issues a new pair", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["MASTER"]);
    const s = await t.trpc().auth.login.mutate({ login: user.login, password });
    const err = await t.trpc(s.refresh_token).auth.me.query().then(() => null, (e) => e);
    assert.equal(err?.data?.httpStatus, 401);
    const s2 = await t.trpc().auth.refresh.mutate({ refresh_token: s.refresh_token });
    assert.equal((await t.trpc(s2.access_token).auth.me.query()).id, user.id);
    await t.deps.db.updateTable("users").set({ is_active: false }).where("id", "=", user.id)
      .execute();
    const denied = await t.trpc().auth.refresh.mutate({ refresh_token: s.refresh_token })
      .then(() => null, (e) => e);
    assert.equal(denied?.data?.httpStatus, 401, "a deactivated user cannot refresh");
  } finally {
    await t.close();
  }
});

Deno.test("role-gated procedure: 403 for a non-admin, allowed for ADMIN", async () => {
  const t = await startTestApp();
  try {
    const engineer = await t.user(["ENGINEER"]);
    const admin = await t.user(["ADMIN"]);
    const input = { login: "newbie", password: "password-1", roles: ["OPERATOR" as const] };
    const err = await t.trpc(engineer.token).auth.createUser.mutate(input).then(
      () => null,
      (e) => e,
    );
    assert.equal(err?.data?.httpStatus, 403);
    assert.equal(err?.data?.code, "FORBIDDEN");
    const created = await t.trpc(admin.token).auth.createUser.mutate(input);
    assert.deepEqual(created.roles, ["OPERATOR"]);
    const anon = await t.trpc().auth.createUser.mutate(input).then(() => null, (e) => e);
    assert.equal(anon?.data?.httpStatus, 401);
  } finally {
    await t.close();
  }
});

Deno.test("registration needs REGISTRATION_SECRET and creates a CLIENT", async () => {
  const off = await startTestApp();
  try {
    const err = await off.trpc().auth.register.mutate({
      registration_secret: "x",
      login: "guest1",
      password: "password-1",
    }).then(() => null, (e) => e);
    assert.equal(err?.data?.httpStatus, 403);
  } finally {
    await off.close();
  }
  const on = await startTestApp({ env: { REGISTRATION_SECRET: "let-me-in" } });
  try {
    const wrong = await on.trpc().auth.register.mutate({
      registration_secret: "nope",
      login: "guest1",
      password: "password-1",
    }).then(() => null, (e) => e);
    assert.equal(wrong?.data?.httpStatus, 403);
    assert.equal(wrong?.data?.errors?.[0]?.field, "registration_secret");
    const s = await on.trpc().auth.register.mutate({
      registration_secret: "let-me-in",
      login: "guest1",
      password: "password-1",
    });
    assert.deepEqual(s.user.roles, ["CLIENT"]);
  } finally {
    await on.close();
  }
});
