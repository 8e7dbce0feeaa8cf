/**
 * Customers met at objects. Everyone in the CRM reads the customers of objects in their
 * cities (phones and e-mails masked for ENGINEER); engineers create customers and change the
 * ones they created; ADMIN and SUPERVISOR change and delete any in scope. A phone belongs to
 * one customer: a duplicate, in any spelling, is a 409 naming `phone` (seed 002 answered 500).
 *
 * @module
 */
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database.ts";
import type { CrmCustomerRow } from "../../db/schema_crm.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { type CrmCaller, customerScope, piiView, requireCrmRole } from "./caller.ts";
import { checkVersion, crmWrite, definedOnly, type VersionGuard } from "./locking.ts";
import { pageRows } from "./query.ts";
import { recordChange } from "./record.ts";
import { saveVersioned } from "./save.ts";
import { visibleObject } from "./refs.ts";
import { type Page, pageOf } from "../../platform/paging.ts";
import type {
  CustomerChanges,
  CustomerCreate,
  CustomerFilters,
  CustomerListQuery,
  CustomerPatch,
} from "./schemas/customers.ts";
import { type CustomerView, customerView } from "./serialize.ts";
import { escapeLike } from "../../db/like.ts";

type Deps = Pick<AppDeps, "db">;

/** Loads a customer the caller may see, or 404. */
export async function findCustomer(db: Db, caller: CrmCaller, id: string): Promise<CrmCustomerRow> {
  const row = await db.selectFrom("crm_customers").selectAll().where("id", "=", id)
    .where("deleted_at", "is", null).where(customerScope(caller)).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `Customer ${id} not found`);
  return row;
}

async function assertPhoneFree(tx: Tx, phone: string | null | undefined, selfId?: string) {
  if (!phone) return;
  const taken = await tx.selectFrom("crm_customers").select("id").where("phone", "=", phone)
    .where("deleted_at", "is", null)
    .$if(!!selfId, (qb) => qb.where("id", "<>", selfId!)).executeTakeFirst();
  if (taken) {
    throw new AppError("CONFLICT", "Another customer already has this phone number", {
      title: "Duplicate phone",
      fields: [{ field: "phone", message: "already belongs to another customer" }],
    });
  }
}

/** API fields → columns (the price is stored in kopecks). */
function columns(input: CustomerChanges) {
  const { desired_price, ...rest } = input;
  return definedOnly({
    ...rest,
    desired_price_kopecks: desired_price === undefined
      ? undefined
      : desired_price === null
      ? null
      : Math.round(desired_price * 100),
  });
}

/** Customers in scope matching every filter (AND; seed 002 OR-ed them); lists and exports. */
export function customerQuery(db: Db, caller: CrmCaller, q: CustomerFilters) {
  return db.selectFrom("crm_customers").where("deleted_at", "is", null)
    .where(customerScope(caller))
    .$if(!!q.q, (qb) => qb.where("full_name", "ilike", `%${escapeLike(q.q!)}%`))
    .$if(!!q.object_id, (qb) => qb.where("object_id", "=", q.object_id!))
    .$if(!!q.phone, (qb) => qb.where("phone", "=", q.phone!))
    .$if(
      !!q.interests?.length,
      (qb) => qb.where(sql<boolean>`interests && ${q.interests!}::text[]`),
    )
    .$if(q.rating_min !== undefined, (qb) => qb.where("provider_rating", ">=", q.rating_min!))
    .$if(q.rating_max !== undefined, (qb) => qb.where("provider_rating", "<=", q.rating_max!))
    .$if(q.gdpr_consent !== undefined, (qb) => qb.where("gdpr_consent", "=", q.gdpr_consent!));
}

/** One page of {@link customerQuery}. */
export async function listCustomers(
  deps: Deps,
  caller: CrmCaller,
  q: CustomerListQuery,
): Promise<Page<CustomerView>> {
  const { rows, total } = await pageRows(customerQuery(deps.db, caller, q), q, q.sort);
  return pageOf(rows.map((r) => customerView(r, piiView(caller))), q, total);
}

/** One customer. */
export async function getCustomer(deps: Deps, caller: CrmCaller, id: string) {
  return customerView(await findCustomer(deps.db, caller, id), piiView(caller));
}

/** Creates a customer at an object in the caller's scope. */
export function createCustomer(deps: Deps, caller: CrmCaller, input: CustomerCreate) {
  return crmWrite(deps.db, async (tx) => {
    await visibleObject(tx, caller, input.object_id);
    await assertPhoneFree(tx, input.phone);
    const row = await tx.insertInto("crm_customers").values({
      ...columns(input),
      object_id: input.object_id,
      created_by: caller.userId,
      updated_by: caller.userId,
    }).returningAll().executeTakeFirstOrThrow();
    await recordChange(tx, caller, {
      entity: "customer",
      entityId: row.id,
      action: "create",
      after: customerView(row, "full"),
    });
    return customerView(row, piiView(caller));
  });
}

function assertMayChange(caller: CrmCaller, row: CrmCustomerRow) {
  if (caller.role === "ENGINEER" && row.created_by !== caller.userId) {
    throw new AppError("FORBIDDEN", "An engineer changes only the customers they created");
  }
}

/** Changes a customer (version-checked; `force` overrides and is audited). */
export function updateCustomer(deps: Deps, caller: CrmCaller, id: string, patch: CustomerPatch) {
  return crmWrite(deps.db, async (tx) => {
    const row = await findCustomer(tx, caller, id);
    assertMayChange(caller, row);
    const { version, force, ...changes } = patch;
    const { forced } = checkVersion("customer", customerView(row, piiView(caller)), {
      version,
      force,
    }, changes);
    if (changes.object_id && changes.object_id !== row.object_id) {
      await visibleObject(tx, caller, changes.object_id);
    }
    if (changes.phone) await assertPhoneFree(tx, changes.phone, id);
    const updated = await saveVersioned(tx, caller, "crm_customers", row, columns(changes), {
      action: "update",
      forced,
    });
    return customerView(updated, piiView(caller));
  });
}

/**
 * Deletes a customer (ADMIN, SUPERVISOR); kept as a tombstone for offline clients, whose id and
 * version it returns.
 */
export function deleteCustomer(deps: Deps, caller: CrmCaller, id: string, guard: VersionGuard) {
  requireCrmRole(caller, "SUPERVISOR");
  return crmWrite(deps.db, async (tx) => {
    const row = await findCustomer(tx, caller, id);
    const { forced } = checkVersion("customer", customerView(row, piiView(caller)), guard, {});
    const tombstone = await saveVersioned(tx, caller, "crm_customers", row, {
      deleted_at: new Date(),
    }, {
      action: "delete",
      forced,
    });
    return { id: tombstone.id, version: tombstone.version };
  });
}
