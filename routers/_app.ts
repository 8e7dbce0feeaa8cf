/**
 * The root tRPC router: one sub-router per domain. `AppRouter` is the type typed clients
 * (UI islands, tests) import.
 *
 * @module
 */
import { adminRouter } from "./admin/_router.ts";
import { authRouter } from "./auth/_router.ts";
import { jobsRouter } from "./jobs/_router.ts";
import { crmRouter } from "./crm/_router.ts";
import { syncRouter } from "./sync/_router.ts";
import { callsRouter } from "./calls/_router.ts";
import { auditRouter } from "./audit/_router.ts";
import { reportsRouter } from "./reports/_router.ts";
import { returnsRouter } from "./returns/_router.ts";
import { wwRouter } from "./ww/_router.ts";
import { systemRouter } from "./system/_router.ts";
import { router } from "./trpc.ts";

/** Every procedure of the service. */
export const appRouter = router({
  auth: authRouter,
  system: systemRouter,
  jobs: jobsRouter,
  admin: adminRouter,
  returns: returnsRouter,
  ww: wwRouter,
  crm: crmRouter,
  sync: syncRouter,
  calls: callsRouter,
  audit: auditRouter,
  reports: reportsRouter,
});

/** The router's type, for `createTRPCClient<AppRouter>`. */
export type AppRouter = typeof appRouter;
