/**
 * Objects: the buildings the field team works with. Everyone in the CRM reads the objects of
 * their cities; ADMIN and SUPERVISOR (in their cities) create, change, delete and delegate
 * them; ENGINEER only reads.
 *
 * @module
 */
import type { Db, Tx } from "../../db/database.ts";
import type { CrmObjectRow } from "../../db/schema_crm.ts";
import { escapeLike } from "../../db/like.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError, validationError } from "../../platform/errors.ts";
import {
  coversCity,
  CRM_ROLES,
  type CrmCaller,
  objectScope,
  piiView,
  requireCrmRole,
} from "./caller.ts";
import { checkVersion, crmWrite, definedOnly } from "./locking.ts";
import { nearFilter, pageRows } from "./query.ts";
import { recordChange } from "./record.ts";
import { type SaveOptions, saveVersioned } from "./save.ts";
import { checkPlace, checkUser } from "./refs.ts";
import { type Page, pageOf, type PageQuery } from "../../platform/paging.ts";
import type {
  ObjectCreate,
  ObjectFilters,
  ObjectListQuery,
  ObjectPatch,
} from "./schemas/objects.ts";
import { type ObjectView, objectView } from "./serialize.ts";

type Deps = Pick<AppDeps, "db">;

/** Loads an object the caller may see, or 404. */
export async function findObject(db: Db, caller: CrmCaller, id: string): Promise<CrmObjectRow> {
  const row = await db.selectFrom("crm_objects").selectAll().where("id", "=", id)
    .where("deleted_at", "is", null).where(objectScope(caller)).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `Object ${id} not found`);
  return row;
}

function checkGps(row: { gps_lat: number | null; gps_lng: number | null }) {
  if ((row.gps_lat === null) !== (row.gps_lng === null)) {
    const field = row.gps_lat === null ? "gps_lat" : "gps_lng";
    throw validationError([{ field, message: "gps_lat and gps_lng go together" }]);
  }
}

/** The responsible user is an active user holding any CRM role. */
function checkResponsible(tx: Tx, userId: string) {
  return checkUser(tx, "responsible_user_id", userId, [...CRM_ROLES]);
}

function checkCity(caller: CrmCaller, cityId: string) {
  if (!coversCity(caller, cityId)) {
    throw new AppError("FORBIDDEN", `City ${cityId} is outside your cities`, {
      fields: [{ field: "city_id", message: "outside your cities" }],
    });
  }
}

/** The objects in the caller's scope matching every given filter (AND); lists and exports. */
export function objectQuery(db: Db, caller: CrmCaller, q: ObjectFilters) {
  const near = [q.near_lat, q.near_lng, q.radius_km].filter((v) => v !== undefined).length;
  if (near !== 0 && near !== 3) {
    throw validationError([{
      field: "radius_km",
      message: "near_lat, near_lng and radius_km go together",
      in: "query",
    }]);
  }
  return db.selectFrom("crm_objects").where("deleted_at", "is", null)
    .where(objectScope(caller))
    .$if(!!q.city_id, (qb) => qb.where("city_id", "=", q.city_id!))
    .$if(!!q.district_id, (qb) => qb.where("district_id", "=", q.district_id!))
    .$if(!!q.status, (qb) => qb.where("status", "=", q.status!))
    .$if(!!q.type, (qb) => qb.where("type", "=", q.type!))
    .$if(
      !!q.responsible_user_id,
      (qb) => qb.where("responsible_user_id", "=", q.responsible_user_id!),
    )
    .$if(!!q.search, (qb) => qb.where("address", "ilike", `%${escapeLike(q.search!)}%`))
    .$if(near === 3, (qb) => qb.where(nearFilter(q.near_lat!, q.near_lng!, q.radius_km!)));
}

/** One page of {@link objectQuery}. */
export async function listObjects(
  deps: Deps,
  caller: CrmCaller,
  q: ObjectListQuery,
): Promise<Page<ObjectView>> {
  const { rows, total } = await pageRows(objectQuery(deps.db, caller, q), q, q.sort);
  return pageOf(rows.map((r) => objectView(r, piiView(caller))), q, total);
}

/** One object. */
export async function getObject(deps: Deps, caller: CrmCaller, id: string): Promise<ObjectView> {
  return objectView(await findObject(deps.db, caller, id), piiView(caller));
}

/** Creates an object (status NEW unless given, version 1). */
export function createObject(deps: Deps, caller: CrmCaller, input: ObjectCreate) {
  requireCrmRole(caller, "SUPERVISOR");
  return crmWrite(deps.db, async (tx) => {
    checkCity(caller, input.city_id);
    await checkPlace(tx, input.city_id, input.district_id);
    if (input.responsible_user_id) {
      await checkResponsible(tx, input.responsible_user_id);
    }
    const values = { ...input, gps_lat: input.gps_lat ?? null, gps_lng: input.gps_lng ?? null };
    checkGps(values);
    const row = await tx.insertInto("crm_objects").values({
      ...values,
      created_by: caller.userId,
      updated_by: caller.userId,
    }).returningAll().executeTakeFirstOrThrow();
    const after = objectView(row, "full");
    await recordChange(tx, caller, { entity: "object", entityId: row.id, action: "create", after });
    return objectView(row, piiView(caller));
  });
}

/**
 * Changes an object. A stale `version` is a 409 carrying the server row and a per-field diff;
 * `force` applies the change anyway and the audit entry records it as forced.
 */
export function updateObject(deps: Deps, caller: CrmCaller, id: string, patch: ObjectPatch) {
  requireCrmRole(caller, "SUPERVISOR");
  return crmWrite(deps.db, async (tx) => {
    const row = await findObject(tx, caller, id);
    const { version, force, ...changes } = patch;
    const { forced } = checkVersion("object", objectView(row, piiView(caller)), {
      version,
      force,
    }, changes);
    const set = definedOnly(changes);
    const next = { ...row, ...set };
    if (set.city_id) checkCity(caller, next.city_id);
    if (set.city_id || set.district_id !== undefined) {
      await checkPlace(tx, next.city_id, next.district_id);
    }
    if (set.responsible_user_id) {
      await checkResponsible(tx, set.responsible_user_id);
    }
    checkGps(next);
    return await saveObject(tx, caller, row, set, { action: "update", forced });
  });
}

async function saveObject(
  tx: Tx,
  caller: CrmCaller,
  before: CrmObjectRow,
  set: Record<string, unknown>,
  options: SaveOptions,
): Promise<ObjectView> {
  const row = await saveVersioned(tx, caller, "crm_objects", before, set, options);
  return objectView(row, piiView(caller));
}

/**
 * Deletes an object (kept as a tombstone for offline clients; its id and version are returned).
 * An object with live visits or customers is refused: their history would point at nothing.
 */
export function deleteObject(
  deps: Deps,
  caller: CrmCaller,
  id: string,
  guard: { version?: number; force?: boolean },
): Promise<{ id: string; version: number }> {
  requireCrmRole(caller, "SUPERVISOR");
  return crmWrite(deps.db, async (tx) => {
    const row = await findObject(tx, caller, id);
    const { forced } = checkVersion("object", objectView(row, piiView(caller)), guard, {});
    const child = await tx.selectFrom("crm_visits").select("id").where("object_id", "=", id)
      .where("deleted_at", "is", null)
      .union(
        tx.selectFrom("crm_customers").select("id").where("object_id", "=", id)
          .where("deleted_at", "is", null),
      ).limit(1).executeTakeFirst();
    if (child) {
      throw new AppError("CONFLICT", "The object has visits or customers; delete those first");
    }
    const tombstone = await saveObject(tx, caller, row, { deleted_at: new Date() }, {
      action: "delete",
      forced,
    });
    return { id: tombstone.id, version: tombstone.version };
  });
}

/**
 * Hands an object to a supervisor who covers its city (seed 002's `delegate`); it then shows
 * in that supervisor's `my-tasks`.
 */
export function delegateObject(deps: Deps, caller: CrmCaller, id: string, supervisorId: string) {
  requireCrmRole(caller, "SUPERVISOR");
  return crmWrite(deps.db, async (tx) => {
    const row = await findObject(tx, caller, id);
    await checkUser(tx, "supervisor_id", supervisorId, ["SUPERVISOR"]);
    const covers = await tx.selectFrom("crm_user_cities").select("city_id")
      .where("user_id", "=", supervisorId).where("city_id", "=", row.city_id).executeTakeFirst();
    if (!covers) {
      throw validationError([{
        field: "supervisor_id",
        message: "this supervisor does not work in the object's city",
        in: "query",
      }]);
    }
    return await saveObject(tx, caller, row, { responsible_user_id: supervisorId }, {
      action: "delegate",
      meta: { supervisor_id: supervisorId },
    });
  });
}

/** The objects delegated to the calling supervisor. */
export async function myTasks(deps: Deps, caller: CrmCaller, q: PageQuery) {
  requireCrmRole(caller, "SUPERVISOR");
  const base = deps.db.selectFrom("crm_objects").where("deleted_at", "is", null)
    .where(objectScope(caller)).where("responsible_user_id", "=", caller.userId);
  const { rows, total } = await pageRows(base, q, "-updated_at");
  return pageOf(rows.map((r) => objectView(r, piiView(caller))), q, total);
}
