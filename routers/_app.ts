/**
 * The root tRPC router: one sub-router per domain. `AppRouter` is the type typed clients
 * (UI islands, tests) import.
 *
 * @module
 */
import { authRouter } from "./auth/_router.ts";
import { systemRouter } from "./system/_router.ts";
import { router } from "./trpc.ts";

/** Every procedure of the service. */
export const appRouter = router({
  auth: authRouter,
  system: systemRouter,
});

/** The router's type, for `createTRPCClient<AppRouter>`. */
export type AppRouter = typeof appRouter;
