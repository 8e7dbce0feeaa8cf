/**
 * Server-side calls of the same tRPC procedures islands call, for the first render of a page:
 * same input validation, same access rules, same output shape (passed through JSON, as the
 * browser would see it).
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import { appRouter } from "../routers/_app.ts";
import { createCallerFactory } from "../routers/trpc.ts";
import type { PageContext } from "./page.ts";

const createCaller = createCallerFactory(appRouter);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A caller acting as the page's signed-in user. */
export function serverCaller(ctx: Pick<PageContext, "deps" | "actor">) {
  return createCaller({ deps: ctx.deps, actor: ctx.actor, resHeaders: new Headers() });
}

/** `value` as it looks after a JSON round trip (what an island receives over HTTP). */
export function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Runs a page's call: a refused input (bad filter), a denial or a missing record becomes a
 * message for the page to show, anything else stays an error of the server.
 */
export async function tryLoad<T>(
  load: () => Promise<T>,
): Promise<{ data: T; error?: undefined } | { data?: undefined; error: string }> {
  try {
    return { data: await load() };
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    return { error: err.message };
  }
}

/**
 * Loads the record a page's `?id=` names: undefined (the page says "not found") when `id` is
 * not a UUID — without asking — or the record is missing or not the user's to see.
 */
export async function loadRecord<T>(id: string, load: () => Promise<T>): Promise<T | undefined> {
  return UUID.test(id) ? (await tryLoad(load)).data : undefined;
}
