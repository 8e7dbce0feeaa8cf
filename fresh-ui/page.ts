/**
 * What a UI page is: a title and a server-side render (which may load data through the same
 * domain functions or tRPC procedures the API uses). Pages are wired into the app by their
 * entry in the navigation registry (`nav.ts`).
 *
 * @module
 */
import type { Context } from "hono";
import type { VNode } from "preact";
import type { Actor } from "../platform/actor.ts";
import type { AppDeps } from "../platform/deps.ts";
import type { AppEnv } from "../platform/http_env.ts";
import type { PublicUser } from "../routers/auth/users.ts";
import type { Dict, Lang } from "./i18n/mod.ts";

/** What a page's render sees: the request, the signed-in user and the language. */
export interface PageContext {
  c: Context<AppEnv>;
  deps: AppDeps;
  actor: Actor & { userId: string };
  user: PublicUser;
  lang: Lang;
  /** The labels of {@link lang}. */
  t: Dict;
  url: URL;
}

/** A page of the signed-in part of the UI (`/app/...`). */
export interface UiPage {
  /** The `<title>` and heading, in the request's language. */
  title(t: Dict): string;
  /** The page body (inside the shell's `<main>`); islands go in through `<Island>`. */
  render(ctx: PageContext): VNode | Promise<VNode>;
}
