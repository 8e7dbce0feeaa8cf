/**
 * The identity domain: creating users and checking their credentials. No HTTP in here; the
 * tRPC router, the REST routes and `deno task user:create` all call these functions.
 *
 * @module
 */
import { z } from "zod";
import type { Db } from "../../db/database.ts";
import type { UserRow } from "../../db/schema_platform.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import { AppError, validationError } from "../../platform/errors.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { type Role, roleSchema } from "./roles.ts";

/** Input of {@link createUser}; `login` defaults to the e-mail. */
export const newUserSchema = z.object({
  login: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9_.@+-]+$/, {
    message: "use letters, digits and _ . @ + -",
  }).optional(),
  email: z.email().max(254).optional(),
  phone: z.string().trim().max(32).optional(),
  name: z.string().trim().max(200).default(""),
  password: z.string().min(8, { message: "at least 8 characters" }).max(200),
  roles: z.array(roleSchema).min(1).max(6),
}).refine((u) => u.login || u.email, { message: "login or email is required", path: ["login"] });
/** Input of {@link createUser}. */
export type NewUser = z.input<typeof newUserSchema>;

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  login: string;
  email: string | null;
  phone: string | null;
  name: string;
  roles: Role[];
  is_active: boolean;
  created_at: string;
  last_login_at: string | null;
}

/** Strips a user row to {@link PublicUser}. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    login: row.login,
    email: row.email,
    phone: row.phone,
    name: row.name,
    roles: row.roles as Role[],
    is_active: row.is_active,
    created_at: row.created_at.toISOString(),
    last_login_at: row.last_login_at ? row.last_login_at.toISOString() : null,
  };
}

/** What the identity functions need. */
export interface UserDeps {
  db: Db;
  /** log2 of scrypt's N (PASSWORD_SCRYPT_LOG_N). */
  scryptLogN: number;
}

/**
 * Creates a user.
 *
 * @throws {AppError} UNPROCESSABLE_CONTENT for bad input, CONFLICT when the login or e-mail is taken
 */
export async function createUser(
  deps: UserDeps,
  actor: Actor,
  input: NewUser,
): Promise<PublicUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, "input");
  const u = parsed.data;
  const email = u.email?.toLowerCase() ?? null;
  const login = (u.login ?? email!).toLowerCase();
  const password_hash = await hashPassword(u.password, deps.scryptLogN);
  return await withTx(deps.db, async (tx) => {
    const taken = await tx.selectFrom("users").select(["login", "email"])
      .where((eb) => eb.or([eb("login", "=", login), ...(email ? [eb("email", "=", email)] : [])]))
      .executeTakeFirst();
    if (taken) {
      const field = taken.login === login ? "login" : "email";
      throw new AppError("CONFLICT", `A user with this ${field} already exists`, {
        fields: [{ field, message: "already taken" }],
      });
    }
    const row = await tx.insertInto("users").values({
      login,
      email,
      phone: u.phone ?? null,
      name: u.name,
      password_hash,
      roles: [...new Set(u.roles)],
    }).returningAll().executeTakeFirstOrThrow();
    const user = toPublicUser(row);
    await writeAudit(tx, actor, {
      entity: "user",
      entityId: row.id,
      action: "create",
      after: { login, roles: user.roles },
    });
    return user;
  });
}

// A hash of a random password, verified when the login is unknown so that a wrong login and a
// wrong password take the same time.
let decoyHash: Promise<string> | undefined;

/**
 * Checks a login (or e-mail) and password; records the login time and an audit entry.
 *
 * @throws {AppError} UNAUTHORIZED with one message for unknown login, wrong password and
 *   inactive user, so the answer does not reveal which logins exist
 */
export async function authenticate(
  deps: UserDeps,
  actor: Actor,
  input: { login: string; password: string },
): Promise<PublicUser> {
  const login = input.login.trim().toLowerCase();
  const row = await deps.db.selectFrom("users").selectAll()
    .where((eb) => eb.or([eb("login", "=", login), eb("email", "=", login)]))
    .executeTakeFirst();
  decoyHash ??= hashPassword(crypto.randomUUID(), deps.scryptLogN);
  const ok = await verifyPassword(input.password, row?.password_hash ?? await decoyHash);
  if (!row || !ok || !row.is_active) {
    throw new AppError("UNAUTHORIZED", "Invalid login or password", {
      headers: { "WWW-Authenticate": "Bearer" },
    });
  }
  return await withTx(deps.db, async (tx) => {
    const updated = await tx.updateTable("users").set({ last_login_at: new Date() })
      .where("id", "=", row.id).returningAll().executeTakeFirstOrThrow();
    await writeAudit(tx, { ...actor, userId: row.id }, {
      entity: "user",
      entityId: row.id,
      action: "login",
      meta: { login: row.login },
    });
    return toPublicUser(updated);
  });
}

/**
 * Loads an active user by id.
 *
 * @throws {AppError} UNAUTHORIZED when the user is gone or deactivated
 */
export async function getActiveUser(db: Db, id: string): Promise<PublicUser> {
  const row = await db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row || !row.is_active) throw new AppError("UNAUTHORIZED", "User is not active");
  return toPublicUser(row);
}
