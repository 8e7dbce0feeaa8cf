import assert from "node:assert/strict";
import { CSP } from "../../platform/middleware/security_headers.ts";
import { NAV, pageEntries } from "../../fresh-ui/nav.ts";
import { startTestApp } from "../helpers/app.ts";
import { assertCspClean, getPage, postLogin, setCookies, signIn } from "./helpers.ts";

Deno.test("a signed-out visitor of /app/jobs is sent to the Russian login page and back", async () => {
  const t = await startTestApp();
  try {
    const res = await getPage(t, "/app/jobs?status=dead");
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/login?next=%2Fapp%2Fjobs%3Fstatus%3Ddead");
    const root = await getPage(t, "/");
    assert.equal(root.headers.get("location"), "/login");

    const login = await getPage(t, "/login?next=%2Fapp%2Fjobs");
    assert.equal(login.status, 200);
    assert.equal(login.headers.get("content-security-policy"), CSP);
    const html = await login.text();
    assert.match(html, /<html lang="ru">/);
    assert.match(html, /Логин или e-mail/);
    assert.match(html, /name="next" value="\/app\/jobs"/);
    assertCspClean(html, "/login");

    const { password, user } = await t.user(["ENGINEER"]);
    const ok = await postLogin(t, { login: user.login, password, next: "/app/jobs" });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get("location"), "/app/jobs");
  } finally {
    await t.close();
  }
});

Deno.test("the login form keeps the session in HttpOnly SameSite=Strict cookies", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["OPERATOR"]);
    const res = await postLogin(t, { login: user.login, password, next: "https://evil.example/" });
    assert.equal(res.headers.get("location"), "/app", "foreign next is replaced");
    const c = setCookies(res);
    const session = c.get("fh_session")!.raw;
    const refresh = c.get("fh_refresh")!.raw;
    for (const raw of [session, refresh]) {
      assert.match(raw, /HttpOnly/);
      assert.match(raw, /SameSite=Strict/);
      assert.doesNotMatch(raw, /Secure/, "plain http outside prod");
    }
    assert.match(session, /Path=\/(;|$)/);
    assert.match(
      refresh,
      /Path=\/ui\/session/,
      "the refresh token goes to the session routes only",
    );
    const me = await t.app.request("http://localhost/trpc/auth.me", {
      headers: { cookie: `fh_session=${c.get("fh_session")!.value}` },
    });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).result.data.id, user.id);
  } finally {
    await t.close();
  }
});

Deno.test("in prod the session cookies are Secure", async () => {
  const t = await startTestApp({ env: { APP_ENV: "prod", PII_MASKING_ENABLED: "true" } });
  try {
    const { password, user } = await t.user(["OPERATOR"]);
    const res = await postLogin(t, { login: user.login, password });
    for (const { raw } of setCookies(res).values()) assert.match(raw, /; Secure/);
  } finally {
    await t.close();
  }
});

Deno.test("a failed sign-in shows the form again with 401 and the error, in either language", async () => {
  const t = await startTestApp();
  try {
    const { user } = await t.user(["CLIENT"]);
    const res = await postLogin(t, { login: user.login, password: "wrong-password" });
    assert.equal(res.status, 401);
    assert.equal(res.headers.getSetCookie().filter((c) => c.startsWith("fh_session")).length, 0);
    const html = await res.text();
    assert.match(html, /Неверный логин или пароль/);
    assert.match(html, new RegExp(`value="${user.login}"`), "the login is kept");
    assert.doesNotMatch(html, /wrong-password/, "the password is never echoed");

    const en = await postLogin(t, { login: "", password: "" }, undefined, "/login?lang=en");
    assert.equal(en.status, 422);
    const langCookies = en.headers.getSetCookie().filter((c) => c.startsWith("fh_lang="));
    assert.equal(langCookies.length, 1, "the language cookie is set once");
    assert.match(await en.text(), /Enter your login and password/);
  } finally {
    await t.close();
  }
});

Deno.test("a login form posted from another site is refused with 403", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["CLIENT"]);
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const res = await postLogin(t, { login: user.login, password }, headers);
      assert.equal(res.status, 403);
      assert.equal(res.headers.getSetCookie().length, 0, "no session for a cross-site post");
      assert.match(await res.text(), /другого сайта/);
    }
  } finally {
    await t.close();
  }
});

Deno.test("too many sign-in attempts answer 429 with Retry-After on the form", async () => {
  const t = await startTestApp({ env: { RATE_LIMIT_LOGIN_PER_MIN: "2" } });
  try {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await postLogin(t, { login: "nobody", password: "x-password" })).status);
    }
    assert.deepEqual(statuses, [401, 401, 429]);
    const res = await postLogin(t, { login: "nobody", password: "x-password" });
    assert.ok(Number(res.headers.get("retry-after")) > 0);
    assert.match(await res.text(), /Слишком много попыток/);
  } finally {
    await t.close();
  }
});

Deno.test("every page renders in Russian, in English with lang=en, with no inline code", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["ADMIN"]);
    const cookies = await signIn(t, user.login, password);
    const paths = ["/app", ...pageEntries(NAV).map((e) => e.path)];
    for (const path of paths) {
      const ru = await getPage(t, path, cookies);
      assert.equal(ru.status, 200, path);
      const html = await ru.text();
      assert.match(html, /<html lang="ru">/, path);
      assert.match(html, /Задачи/, `${path}: Russian nav`);
      assert.match(html, /Выйти/, `${path}: Russian logout`);
      assertCspClean(html, path);

      const en = await getPage(t, `${path}?lang=en`, cookies);
      const enHtml = await en.text();
      assert.match(enHtml, /<html lang="en">/, path);
      assert.match(enHtml, />Jobs</, `${path}: English nav`);
      assert.doesNotMatch(enHtml, /Выйти|Задачи/, `${path}: no Russian left`);
      assert.match(en.headers.getSetCookie().join(), /fh_lang=en/, "the choice is remembered");
      assertCspClean(enHtml, `${path}?lang=en`);
    }
    const remembered = await getPage(t, "/app", { ...cookies, fh_lang: "en" });
    assert.match(await remembered.text(), /<html lang="en">/);
  } finally {
    await t.close();
  }
});

Deno.test("the navigation shows only what the user's roles can use", async () => {
  const t = await startTestApp();
  try {
    const navIds = (html: string) => [...html.matchAll(/data-nav="([\w-]+)"/g)].map((m) => m[1]);
    const engineer = await t.user(["ENGINEER"]);
    const eng = await signIn(t, engineer.user.login, engineer.password);
    const engNav = navIds(await (await getPage(t, "/app/jobs", eng)).text());
    for (const id of ["jobs", "crm", "crm-objects", "crm-visits", "ww", "rooms"]) {
      assert.ok(engNav.includes(id), `engineer sees ${id}`);
    }
    for (const id of ["admin", "returns", "crm-audit", "crm-reports", "calls"]) {
      assert.ok(!engNav.includes(id), `engineer does not see ${id}`);
    }
    const forbidden = await getPage(t, "/app/admin", eng);
    assert.equal(forbidden.status, 403);
    assert.match(await forbidden.text(), /Недостаточно прав/);

    const admin = await t.user(["ADMIN"]);
    const adm = await signIn(t, admin.user.login, admin.password);
    const adminNav = navIds(await (await getPage(t, "/app", adm)).text());
    for (const e of pageEntries(NAV)) assert.ok(adminNav.includes(e.id), `admin sees ${e.id}`);
  } finally {
    await t.close();
  }
});

Deno.test("sections without a page show a coming-soon placeholder, never a dead link", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["ADMIN"]);
    const cookies = await signIn(t, user.login, password);
    const html = await (await getPage(t, "/app", cookies)).text();
    const links = [...html.matchAll(/href="(\/app[^"?]*)"/g)].map((m) => m[1]);
    assert.ok(links.length >= 12, "the shell links every section");
    for (const href of new Set(links)) {
      const res = await getPage(t, href, cookies);
      assert.equal(res.status, 200, `${href} answers`);
    }
    const soon = await (await getPage(t, "/app/consultations", cookies)).text();
    assert.match(soon, /data-coming-soon="consultations"/);
    assert.match(soon, /Раздел «Консультации» появится/);
  } finally {
    await t.close();
  }
});
