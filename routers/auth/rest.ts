/**
 * Seed 002's auth contract over REST: `POST /api/v1/auth/token` (OAuth2 password form,
 * `username` = login or e-mail), `/auth/refresh` and `/auth/logout`. The same session
 * functions as the tRPC `auth` router; login shares its "login" rate limit (5/min per caller
 * by default, per IP for anonymous callers) with tRPC login.
 *
 * @module
 */
import { z } from "zod";
import { callerKey } from "../../platform/middleware/rate_limit.ts";
import { type AnyRoute, defineRoute } from "../../platform/rest/route.ts";
import { refreshInput } from "./schemas.ts";
import { login, loginRule, logout, refresh } from "./session.ts";

const tokenForm = z.object({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  grant_type: z.literal("password").optional(),
  scope: z.string().max(500).optional(),
});

const tokenPair = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal("bearer"),
  expires_in: z.number(),
});

const pairOf = (s: z.infer<typeof tokenPair>) => ({
  access_token: s.access_token,
  refresh_token: s.refresh_token,
  token_type: s.token_type,
  expires_in: s.expires_in,
});

/** The auth routes of seed 002. */
export const authRoutes: AnyRoute[] = [
  defineRoute({
    method: "post",
    path: "/api/v1/auth/token",
    summary: "Log in with a form (username = login or e-mail) and get a token pair",
    tags: ["auth"],
    access: "public",
    body: tokenForm,
    bodyFormat: "form",
    responses: {
      200: {
        description: "Token pair; expires_in is the access token's lifetime",
        schema: tokenPair,
      },
      401: { description: "Wrong credentials or inactive user" },
      429: { description: "Over the login rate limit" },
    },
    handler: async ({ c, deps, actor, body }) => {
      await deps.rateLimiter.enforce(loginRule(deps), callerKey(actor));
      const session = await login(deps, actor, { login: body.username, password: body.password });
      return c.json(pairOf(session));
    },
  }),
  defineRoute({
    method: "post",
    path: "/api/v1/auth/refresh",
    summary: "Swap a refresh token for a new pair",
    tags: ["auth"],
    access: "public",
    body: refreshInput,
    responses: { 200: { description: "New pair", schema: tokenPair } },
    handler: async ({ c, deps, body }) => c.json(pairOf(await refresh(deps, body.refresh_token))),
  }),
  defineRoute({
    method: "post",
    path: "/api/v1/auth/logout",
    summary: "Log out (recorded in the audit log; the client drops its tokens)",
    tags: ["auth"],
    access: "authed",
    responses: { 204: { description: "Logged out" } },
    handler: async ({ c, deps, actor }) => {
      await logout(deps, actor);
      return c.body(null, 204);
    },
  }),
];
