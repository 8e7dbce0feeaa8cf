/**
 * Server-side calls of the same tRPC procedures islands call, for the first render of a page:
 * same input validation, same access rules, same output shape (passed through JSON, as the
 * browser would see it).
 *
 * @module
 */
import { appRouter } from "../routers/_app.ts";
import { createCallerFactory } from "../routers/trpc.ts";
import type { PageContext } from "./page.ts";

const createCaller = createCallerFactory(appRouter);

/** A caller acting as the page's signed-in user. */
export function serverCaller(ctx: Pick<PageContext, "deps" | "actor">) {
  return createCaller({ deps: ctx.deps, actor: ctx.actor, resHeaders: new Headers() });
}

/** `value` as it looks after a JSON round trip (what an island receives over HTTP). */
export function asJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
