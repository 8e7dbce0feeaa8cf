/**
 * Shared pieces of the UI tests: signing in through the login form, carrying the session
 * cookies like a browser, and checking that HTML follows the CSP (no inline script or style).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { TestApp } from "../helpers/app.ts";

/** The cookies a response sets, by name (value only; an empty value means "deleted"). */
export function setCookies(res: Response): Map<string, { value: string; raw: string }> {
  const out = new Map<string, { value: string; raw: string }>();
  for (const raw of res.headers.getSetCookie()) {
    const [pair] = raw.split(";");
    const at = pair.indexOf("=");
    out.set(pair.slice(0, at).trim(), { value: pair.slice(at + 1), raw });
  }
  return out;
}

/** A `Cookie` header value from name/value pairs. */
export function cookieHeader(cookies: Record<string, string>): string {
  return Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Posts the login form as a same-origin browser would (to `path`); returns the response. */
export function postLogin(
  t: TestApp,
  form: Record<string, string>,
  headers: Record<string, string> = { origin: "http://localhost" },
  path = "/login",
): Promise<Response> {
  return Promise.resolve(t.app.request(`http://localhost${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  }));
}

/** Signs in through the form and returns the two session cookies. */
export async function signIn(
  t: TestApp,
  login: string,
  password: string,
): Promise<{ fh_session: string; fh_refresh: string }> {
  const res = await postLogin(t, { login, password, next: "/app" });
  assert.equal(res.status, 303, "login redirects");
  const c = setCookies(res);
  const fh_session = c.get("fh_session")?.value;
  const fh_refresh = c.get("fh_refresh")?.value;
  assert.ok(fh_session && fh_refresh, "both session cookies set");
  return { fh_session, fh_refresh };
}

/** GET through the app with cookies, as a browser page load. */
export function getPage(
  t: TestApp,
  path: string,
  cookies: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(t.app.request(`http://localhost${path}`, {
    headers: { cookie: cookieHeader(cookies) },
  }));
}

/**
 * Fails when `html` has an inline script (other than JSON data blocks), a `<style>` element,
 * a `style` attribute or an inline event handler: the CSP would block them.
 */
export function assertCspClean(html: string, where: string): void {
  for (const tag of html.matchAll(/<script\b[^>]*>/g)) {
    const ok = /\bsrc="\/ui\/assets\/[^"]+"/.test(tag[0]) ||
      /type="application\/json"/.test(tag[0]);
    assert.ok(ok, `${where}: inline script ${tag[0]}`);
  }
  assert.doesNotMatch(html, /<style\b/, `${where}: <style> element`);
  assert.doesNotMatch(html, /\sstyle=/, `${where}: style attribute`);
  assert.doesNotMatch(html, /\son[a-z]+=/, `${where}: inline event handler`);
}
