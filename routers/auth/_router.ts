/**
 * tRPC `auth`: login, refresh, me, register, createUser.
 *
 * @module
 */
import { authedProcedure, publicProcedure, rateLimited, roleProcedure, router } from "../trpc.ts";
import { createUserInput, loginInput, refreshInput, registerInput } from "./schemas.ts";
import { login, loginRule, refresh, register } from "./session.ts";
import { createUser, getActiveUser } from "./users.ts";

/** The auth router. */
export const authRouter = router({
  login: publicProcedure
    .use(rateLimited(loginRule))
    .input(loginInput)
    .mutation(({ ctx, input }) => login(ctx.deps, ctx.actor, input)),
  refresh: publicProcedure.input(refreshInput)
    .mutation(({ ctx, input }) => refresh(ctx.deps, input.refresh_token)),
  register: publicProcedure
    .use(rateLimited(loginRule))
    .input(registerInput)
    .mutation(({ ctx, input }) => register(ctx.deps, ctx.actor, input)),
  me: authedProcedure.query(({ ctx }) => getActiveUser(ctx.deps.db, ctx.actor.userId)),
  createUser: roleProcedure("ADMIN").input(createUserInput)
    .mutation(({ ctx, input }) =>
      createUser({ db: ctx.deps.db, scryptLogN: ctx.deps.config.scryptLogN }, ctx.actor, input)
    ),
});
