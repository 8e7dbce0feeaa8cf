/**
 * `/login`: a plain HTML form (it works without JavaScript) posting to `POST /login`, which
 * sets the session cookies and redirects to the page the user wanted.
 *
 * @module
 */
import { LangSwitch } from "../components/layout.tsx";
import type { Dict, Lang } from "../i18n/mod.ts";

/** Props of {@link LoginPage}. */
export interface LoginPageProps {
  t: Dict;
  lang: Lang;
  url: URL;
  /** Where to go after signing in (already checked by `safeNext`). */
  next: string;
  /** The login to show again after a failed attempt (never the password). */
  login?: string;
  error?: string;
}

/** The login form. */
export function LoginPage({ t, lang, url, next, login, error }: LoginPageProps) {
  return (
    <main id="main" class="login">
      <div class="login-card">
        <LangSwitch t={t} lang={lang} url={url} />
        <h1>{t.app.name}</h1>
        <h2>{t.login.title}</h2>
        {error && <p class="error" role="alert">{error}</p>}
        <form method="post" action="/login" class="login-form">
          <input type="hidden" name="next" value={next} />
          <label>
            {t.login.login}
            <input
              name="login"
              autocomplete="username"
              required
              maxLength={254}
              value={login ?? ""}
              autofocus
            />
          </label>
          <label>
            {t.login.password}
            <input
              name="password"
              type="password"
              autocomplete="current-password"
              required
              maxLength={200}
            />
          </label>
          <button type="submit">{t.login.submit}</button>
        </form>
      </div>
    </main>
  );
}
