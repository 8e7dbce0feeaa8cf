/**
 * Demo accounts for `deno task dev`: one per role, created on the first start with random
 * passwords that are printed once (they are not stored anywhere else).
 *
 * @module
 */
import type { Db } from "../../db/database.ts";
import { systemActor } from "../../platform/actor.ts";
import { ROLES } from "./roles.ts";
import { createUser } from "./users.ts";

/** A created demo login. */
export interface DemoLogin {
  login: string;
  password: string;
  role: string;
}

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "x");
}

/** Creates the demo users unless `admin` exists; returns what was created (empty if none). */
export async function ensureDemoUsers(db: Db, scryptLogN: number): Promise<DemoLogin[]> {
  const existing = await db.selectFrom("users").select("id").where("login", "=", "admin")
    .executeTakeFirst();
  if (existing) return [];
  const created: DemoLogin[] = [];
  for (const role of ROLES) {
    const login = role.toLowerCase();
    const password = randomPassword();
    await createUser({ db, scryptLogN }, systemActor(), {
      login,
      email: `${login}@demo.fieldhub.test`,
      name: `Demo ${role}`,
      password,
      roles: [role],
    });
    created.push({ login, password, role });
  }
  return created;
}
