/**
 * The typed tRPC client islands use. It sends the HttpOnly session cookie (same origin only);
 * when the access token has expired it renews the session once through
 * `POST /ui/session/refresh` and retries, and sends the user to the login page when the session
 * cannot be renewed.
 *
 * @module
 */
import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../../routers/_app.ts";

/** Outputs of every procedure, as the browser receives them (JSON). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

let renewing: Promise<boolean> | undefined;

/** One renewal at a time, shared by every request that hit the expiry together. */
function renewSession(): Promise<boolean> {
  renewing ??= fetch("/ui/session/refresh", { method: "POST", credentials: "same-origin" })
    .then((r) => r.ok, () => false)
    .finally(() => setTimeout(() => (renewing = undefined), 0));
  return renewing;
}

async function sessionFetch(url: URL | RequestInfo, init?: RequestInit): Promise<Response> {
  const send = () => fetch(url, { ...init, credentials: "same-origin" });
  const res = await send();
  if (res.status !== 401) return res;
  if (await renewSession()) return send();
  location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  return res;
}

let client: TRPCClient<AppRouter> | undefined;

/** The client for `/trpc` on this site, with the session cookie (one per page). */
export function uiClient(): TRPCClient<AppRouter> {
  return client ??= createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: "/trpc", fetch: sessionFetch })],
  });
}

/** The text of a failed call (or any thrown value), for an island's error line. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
