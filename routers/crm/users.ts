/**
 * CRM user management on top of the platform's identity: ADMIN manages everyone; a SUPERVISOR
 * manages the engineers of their cities (creates them, edits them, moves them between their
 * own cities, deactivates them). Cities live in `crm_user_cities`.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database.ts";
import type { UserRow } from "../../db/schema_platform.ts";
import { withTx } from "../../db/tx.ts";
import { createUser } from "../auth/users.ts";
import { AppError, validationError } from "../../platform/errors.ts";
import { coversCity, type CrmCaller, crmRoleOf, piiView, requireCrmRole } from "./caller.ts";
import { recordChange } from "./record.ts";
import { pageOf, pageOffset, type PageQuery } from "../../platform/paging.ts";
import type { CrmUserCreate, CrmUserListQuery, CrmUserPatch } from "./schemas/users.ts";
import { userView } from "./serialize.ts";
import { escapeLike } from "../../db/like.ts";

/** What each role may do, as seed 002's `scopes` claim listed it (now actually enforced). */
export const ROLE_SCOPES: Record<string, string[]> = {
  ADMIN: ["*"],
  SUPERVISOR: [
    "objects:read",
    "objects:write",
    "visits:read",
    "visits:write",
    "customers:read",
    "customers:write",
    "users:engineers",
    "reports:export",
    "audit:read",
  ],
  ENGINEER: [
    "objects:read",
    "visits:read",
    "visits:write",
    "customers:read",
    "customers:write",
    "reports:export",
  ],
};

async function citiesOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return map;
  const rows = await db.selectFrom("crm_user_cities").select(["user_id", "city_id"])
    .where("user_id", "in", ids).orderBy("city_id").execute();
  for (const r of rows) map.get(r.user_id)!.push(r.city_id);
  return map;
}

async function views(db: Db, caller: CrmCaller, rows: UserRow[]) {
  const cities = await citiesOf(db, rows.map((r) => r.id));
  return rows.map((r) => userView(r, cities.get(r.id)!, piiView(caller)));
}

/** The calling user with role, cities and scopes. */
export async function me(db: Db, caller: CrmCaller) {
  const row = await db.selectFrom("users").selectAll().where("id", "=", caller.userId)
    .executeTakeFirstOrThrow();
  const [view] = await views(db, { ...caller, masked: false }, [row]);
  return { ...view, scopes: ROLE_SCOPES[caller.role] };
}

/** Users a caller manages: all CRM users (ADMIN), engineers of their cities (SUPERVISOR). */
function managed(db: Db, caller: CrmCaller) {
  return db.selectFrom("users")
    .where(sql<boolean>`roles && array['ADMIN','SUPERVISOR','ENGINEER']::text[]`)
    .$if(caller.role !== "ADMIN", (qb) =>
      qb.where(sql<boolean>`'ENGINEER' = any(roles)`)
        .where(sql<boolean>`not roles && array['ADMIN','SUPERVISOR']::text[]`)
        .where((eb) =>
          caller.cityIds.length
            ? eb("id", "in", (eb) =>
              eb.selectFrom("crm_user_cities").select("user_id")
                .where("city_id", "in", caller.cityIds))
            : sql<boolean>`false`
        ));
}

/** Users the caller manages, filtered, one page. */
export async function listUsers(db: Db, caller: CrmCaller, q: CrmUserListQuery) {
  requireCrmRole(caller, "SUPERVISOR");
  const base = managed(db, caller)
    .$if(!!q.role, (qb) => qb.where(sql<boolean>`${q.role!} = any(roles)`))
    .$if(
      !!q.city_id,
      (qb) =>
        qb.where(
          "id",
          "in",
          (eb) =>
            eb.selectFrom("crm_user_cities").select("user_id").where("city_id", "=", q.city_id!),
        ),
    )
    .$if(!!q.q, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("name", "ilike", `%${escapeLike(q.q!)}%`),
          eb("email", "ilike", `%${escapeLike(q.q!)}%`),
        ])
      ))
    .$if(q.is_active !== undefined, (qb) => qb.where("is_active", "=", q.is_active!));
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("name").orderBy("id").limit(q.limit)
      .offset(pageOffset(q.page, q.limit)).execute(),
    base.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return pageOf(await views(db, caller, rows), q as PageQuery, count.n);
}

/** One managed user, or 404. */
export async function getUser(db: Db, caller: CrmCaller, id: string) {
  requireCrmRole(caller, "SUPERVISOR");
  const row = await managed(db, caller).selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `User ${id} not found`);
  return (await views(db, caller, [row]))[0];
}

async function checkCities(tx: Tx, caller: CrmCaller, cityIds: string[]) {
  for (const [i, cityId] of cityIds.entries()) {
    const found = await tx.selectFrom("crm_cities").select("id").where("id", "=", cityId)
      .executeTakeFirst();
    if (!found) throw validationError([{ field: `city_ids[${i}]`, message: "no such city" }]);
    if (!coversCity(caller, cityId)) {
      throw new AppError("FORBIDDEN", "You can only assign your own cities", {
        fields: [{ field: `city_ids[${i}]`, message: "outside your cities" }],
      });
    }
  }
}

/** Creates a CRM user; a SUPERVISOR creates engineers in (some of) their cities. */
export function createCrmUser(
  deps: { db: Db; scryptLogN: number },
  caller: CrmCaller,
  input: CrmUserCreate,
) {
  requireCrmRole(caller, "SUPERVISOR");
  if (caller.role !== "ADMIN" && (input.role !== "ENGINEER" || !input.city_ids.length)) {
    throw new AppError("FORBIDDEN", "A supervisor creates engineers in their own cities", {
      fields: [{ field: input.role !== "ENGINEER" ? "role" : "city_ids", message: "not allowed" }],
    });
  }
  // Users are not synced rows: no CRM write lock (and no lock held while scrypt runs).
  return withTx(deps.db, async (tx) => {
    await checkCities(tx, caller, input.city_ids);
    const user = await createUser({ db: tx, scryptLogN: deps.scryptLogN }, caller.actor, {
      email: input.email,
      name: input.full_name,
      phone: input.phone,
      password: input.password,
      roles: [input.role],
    });
    for (const cityId of new Set(input.city_ids)) {
      await tx.insertInto("crm_user_cities").values({ user_id: user.id, city_id: cityId })
        .execute();
    }
    return await getUser(tx, caller, user.id);
  });
}

/** Changes a managed user; only ADMIN changes roles; a supervisor moves only their cities. */
export function updateCrmUser(db: Db, caller: CrmCaller, id: string, patch: CrmUserPatch) {
  requireCrmRole(caller, "SUPERVISOR");
  if (patch.role && caller.role !== "ADMIN") {
    throw new AppError("FORBIDDEN", "Only an admin changes roles", {
      fields: [{ field: "role", message: "not allowed" }],
    });
  }
  return withTx(db, async (tx) => {
    const before = await getUser(tx, caller, id);
    const set: Record<string, unknown> = {};
    if (patch.full_name !== undefined) set.name = patch.full_name;
    if (patch.phone !== undefined) set.phone = patch.phone;
    if (patch.is_active !== undefined) set.is_active = patch.is_active;
    if (patch.role) set.roles = [...before.roles.filter((r) => !crmRoleOf([r])), patch.role];
    if (Object.keys(set).length) {
      await tx.updateTable("users").set({ ...set, updated_at: new Date() }).where("id", "=", id)
        .execute();
    }
    if (patch.city_ids) {
      await checkCities(tx, caller, patch.city_ids);
      // A supervisor replaces only the cities they cover; the engineer's other cities stay.
      await tx.deleteFrom("crm_user_cities").where("user_id", "=", id)
        .$if(caller.role !== "ADMIN", (qb) => qb.where("city_id", "in", caller.cityIds))
        .execute();
      for (const cityId of new Set(patch.city_ids)) {
        await tx.insertInto("crm_user_cities").values({ user_id: id, city_id: cityId })
          .onConflict((oc) => oc.doNothing()).execute();
      }
    }
    const after = await getUser(tx, { ...caller, role: "ADMIN" }, id);
    await recordChange(tx, caller, {
      entity: "user",
      entityId: id,
      action: "update",
      before,
      after,
    });
    return after;
  });
}

/** Supervisors by name or e-mail (any CRM role; contacts masked for engineers). */
export async function listSupervisors(db: Db, caller: CrmCaller, q?: string) {
  const rows = await db.selectFrom("users").selectAll()
    .where(sql<boolean>`'SUPERVISOR' = any(roles)`).where("is_active", "=", true)
    .$if(!!q, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("name", "ilike", `%${escapeLike(q!)}%`),
          eb("email", "ilike", `%${escapeLike(q!)}%`),
        ])
      ))
    .orderBy("name").limit(100).execute();
  return await views(db, caller, rows);
}
