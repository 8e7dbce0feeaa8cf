/**
 * Visits: an engineer plans a visit to an object, works it, and completes it as DONE or
 * CANCELLED. An ENGINEER sees and changes only their own visits (another engineer's visit is
 * a 404, not a 403, so ids do not leak); a SUPERVISOR those at objects in their cities.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CrmVisitRow } from "../../db/schema_crm.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { type CrmCaller, piiView, visitScope } from "./caller.ts";
import { checkVersion, crmWrite, definedOnly, type VersionGuard } from "./locking.ts";
import { pageRows } from "./query.ts";
import { recordChange } from "./record.ts";
import { saveVersioned } from "./save.ts";
import { checkCustomerAt, checkUser, visibleObject } from "./refs.ts";
import { type Page, pageOf } from "../../platform/paging.ts";
import type { VisitCreate, VisitFilters, VisitListQuery, VisitPatch } from "./schemas/visits.ts";
import { type VisitView, visitView } from "./serialize.ts";

type Deps = Pick<AppDeps, "db">;

/** Loads a visit the caller may see, or 404. */
export async function findVisit(db: Db, caller: CrmCaller, id: string): Promise<CrmVisitRow> {
  const row = await db.selectFrom("crm_visits").selectAll().where("id", "=", id)
    .where("deleted_at", "is", null).where(visitScope(caller)).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `Visit ${id} not found`);
  return row;
}

/** Completed visits are history: they no longer change. */
export function assertOpen(row: CrmVisitRow): void {
  if (row.status === "DONE" || row.status === "CANCELLED") {
    throw new AppError("CONFLICT", `Visit ${row.id} is already ${row.status}`, {
      title: "Visit already completed",
      extra: { status: row.status, current_version: row.version },
    });
  }
}

/** The visits in the caller's scope matching every filter (AND); lists and exports. */
export function visitQuery(db: Db, caller: CrmCaller, q: VisitFilters) {
  return db.selectFrom("crm_visits").where("deleted_at", "is", null)
    .where(visitScope(caller))
    .$if(!!q.object_id, (qb) => qb.where("object_id", "=", q.object_id!))
    .$if(!!q.engineer_id, (qb) => qb.where("engineer_id", "=", q.engineer_id!))
    .$if(!!q.customer_id, (qb) => qb.where("customer_id", "=", q.customer_id!))
    .$if(!!q.status, (qb) => qb.where("status", "=", q.status!))
    .$if(!!q.date_from, (qb) => qb.where("scheduled_at", ">=", q.date_from!))
    .$if(!!q.date_to, (qb) => qb.where("scheduled_at", "<=", q.date_to!))
    .$if(
      q.next_action_due === true,
      (qb) => qb.where("next_action_due_at", "<=", sql<Date>`now()`),
    );
}

/** One page of {@link visitQuery}. */
export async function listVisits(
  deps: Deps,
  caller: CrmCaller,
  q: VisitListQuery,
): Promise<Page<VisitView>> {
  const { rows, total } = await pageRows(visitQuery(deps.db, caller, q), q, q.sort);
  return pageOf(rows.map((r) => visitView(r, piiView(caller))), q, total);
}

/** One visit. */
export async function getVisit(deps: Deps, caller: CrmCaller, id: string): Promise<VisitView> {
  return visitView(await findVisit(deps.db, caller, id), piiView(caller));
}

/** Plans a visit (status PLANNED, version 1). */
export function createVisit(deps: Deps, caller: CrmCaller, input: VisitCreate) {
  return crmWrite(deps.db, async (tx) => {
    await visibleObject(tx, caller, input.object_id);
    if (input.customer_id) await checkCustomerAt(tx, input.customer_id, input.object_id);
    let engineerId = caller.userId;
    if (input.engineer_id && input.engineer_id !== caller.userId) {
      if (caller.role === "ENGINEER") {
        throw new AppError("FORBIDDEN", "An engineer plans visits only for themselves", {
          fields: [{ field: "engineer_id", message: "must be you" }],
        });
      }
      await checkUser(tx, "engineer_id", input.engineer_id, ["ENGINEER"]);
      engineerId = input.engineer_id;
    }
    const row = await tx.insertInto("crm_visits").values({
      object_id: input.object_id,
      unit_id: input.unit_id ?? null,
      customer_id: input.customer_id ?? null,
      engineer_id: engineerId,
      scheduled_at: input.scheduled_at ?? null,
      interests: input.interests ?? [],
      next_action_due_at: input.next_action_due_at ?? null,
      created_by: caller.userId,
      updated_by: caller.userId,
    }).returningAll().executeTakeFirstOrThrow();
    await recordChange(tx, caller, {
      entity: "visit",
      entityId: row.id,
      action: "create",
      after: visitView(row, "full"),
    });
    return visitView(row, piiView(caller));
  });
}

/** Changes an open visit (version-checked; `force` overrides and is audited). */
export function updateVisit(deps: Deps, caller: CrmCaller, id: string, patch: VisitPatch) {
  return crmWrite(deps.db, async (tx) => {
    const row = await findVisit(tx, caller, id);
    const { version, force, ...changes } = patch;
    const { forced } = checkVersion("visit", visitView(row, piiView(caller)), {
      version,
      force,
    }, changes);
    assertOpen(row);
    const set = definedOnly(changes);
    if (set.customer_id) await checkCustomerAt(tx, set.customer_id, row.object_id);
    const updated = await saveVersioned(tx, caller, "crm_visits", row, set, {
      action: "update",
      forced,
    });
    return visitView(updated, piiView(caller));
  });
}

/**
 * Deletes a visit that is not DONE (a done visit is counted on its object and stays). An
 * engineer deletes only their own. Returns the tombstone's id and version.
 */
export function deleteVisit(deps: Deps, caller: CrmCaller, id: string, guard: VersionGuard) {
  return crmWrite(deps.db, async (tx) => {
    const row = await findVisit(tx, caller, id);
    const { forced } = checkVersion("visit", visitView(row, piiView(caller)), guard, {});
    if (row.status === "DONE") {
      throw new AppError("CONFLICT", "A done visit is history and cannot be deleted");
    }
    const tombstone = await saveVersioned(
      tx,
      caller,
      "crm_visits",
      row,
      { deleted_at: new Date() },
      {
        action: "delete",
        forced,
      },
    );
    return { id: tombstone.id, version: tombstone.version };
  });
}
