/**
 * Sign-in, refresh and self-registration: the flows on top of users and tokens.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import type { RateRule } from "../../platform/rate_limit.ts";
import type { loginInput, registerInput } from "./schemas.ts";
import { issueTokens, type TokenPair, verifyToken } from "./tokens.ts";
import { authenticate, createUser, getActiveUser, type PublicUser } from "./users.ts";

/** A session as login and refresh return it. */
export type Session = TokenPair & { user: PublicUser };

type Deps = Pick<AppDeps, "db" | "config">;

/** Seed 002's login limit (5/min per caller by default), shared with registration. */
export function loginRule(deps: Pick<AppDeps, "config">): RateRule {
  return { name: "login", limit: deps.config.rateLimit.loginPerMin, windowS: 60 };
}

/** Records a signed-in actor's logout in the audit log; the client drops its tokens. */
export async function logout(deps: Pick<AppDeps, "db">, actor: Actor): Promise<void> {
  const userId = actor.userId;
  if (!userId) return;
  await withTx(
    deps.db,
    (tx) => writeAudit(tx, actor, { entity: "user", entityId: userId, action: "logout" }),
  );
}

/** Checks credentials and issues a token pair. */
export async function login(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof loginInput>,
): Promise<Session> {
  const user = await authenticate(
    { db: deps.db, scryptLogN: deps.config.scryptLogN },
    actor,
    input,
  );
  return { ...await issueTokens(deps.config.jwt, user.id, user.roles), user };
}

/** Swaps a refresh token for a new pair; refuses users deactivated since. */
export async function refresh(deps: Deps, refreshToken: string): Promise<Session> {
  const claims = await verifyToken(deps.config.jwt, refreshToken, "refresh");
  const user = await getActiveUser(deps.db, claims.userId);
  return { ...await issueTokens(deps.config.jwt, user.id, user.roles), user };
}

function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Self-registration (seed 004): needs REGISTRATION_SECRET; creates a CLIENT.
 *
 * @throws {AppError} 403 when registration is off or the secret is wrong
 */
export async function register(
  deps: Deps,
  actor: Actor,
  input: z.infer<typeof registerInput>,
): Promise<Session> {
  const secret = deps.config.registrationSecret;
  if (!secret) throw new AppError("FORBIDDEN", "Registration is disabled (no REGISTRATION_SECRET)");
  if (!sameSecret(input.registration_secret, secret)) {
    throw new AppError("FORBIDDEN", "Wrong registration secret", {
      fields: [{ field: "registration_secret", message: "does not match", in: "input" }],
    });
  }
  const user = await createUser(
    { db: deps.db, scryptLogN: deps.config.scryptLogN },
    actor,
    {
      login: input.login,
      email: input.email,
      name: input.name,
      password: input.password,
      roles: ["CLIENT"],
    },
  );
  return { ...await issueTokens(deps.config.jwt, user.id, user.roles), user };
}
