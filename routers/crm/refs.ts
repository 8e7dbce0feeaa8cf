/**
 * Checks of the rows a CRM write refers to (city, district, user, object, customer). A bad
 * reference is the caller's mistake, so it is a 422 naming the field, never a foreign-key 500.
 *
 * @module
 */
import type { Tx } from "../../db/database.ts";
import type { CrmObjectRow } from "../../db/schema_crm.ts";
import { validationError } from "../../platform/errors.ts";
import { type CrmCaller, objectScope } from "./caller.ts";

const bad = (field: string, message: string) => validationError([{ field, message }]);

/** The city exists and, when given, the district belongs to it. */
export async function checkPlace(tx: Tx, cityId: string, districtId: string | null | undefined) {
  const city = await tx.selectFrom("crm_cities").select("id").where("id", "=", cityId)
    .executeTakeFirst();
  if (!city) throw bad("city_id", `no city ${cityId}`);
  if (!districtId) return;
  const district = await tx.selectFrom("crm_districts").select("city_id")
    .where("id", "=", districtId).executeTakeFirst();
  if (!district) throw bad("district_id", `no district ${districtId}`);
  if (district.city_id !== cityId) throw bad("district_id", "belongs to another city");
}

/** The user exists, is active and holds one of `roles`. */
export async function checkUser(tx: Tx, field: string, userId: string, roles: string[]) {
  const user = await tx.selectFrom("users").select(["roles", "is_active"])
    .where("id", "=", userId).executeTakeFirst();
  if (!user || !user.is_active) throw bad(field, `no active user ${userId}`);
  if (!roles.some((r) => user.roles.includes(r))) {
    throw bad(field, `user ${userId} is not a ${roles.join(" or ")}`);
  }
}

/** An object the caller may see (not deleted), or a 422 on `field`. */
export async function visibleObject(
  tx: Tx,
  caller: CrmCaller,
  objectId: string,
  field = "object_id",
): Promise<CrmObjectRow> {
  const row = await tx.selectFrom("crm_objects").selectAll().where("id", "=", objectId)
    .where("deleted_at", "is", null).where(objectScope(caller)).executeTakeFirst();
  if (!row) throw bad(field, `no object ${objectId} in your scope`);
  return row;
}

/** A customer exists (not deleted) and was met at `objectId`. */
export async function checkCustomerAt(tx: Tx, customerId: string, objectId: string) {
  const row = await tx.selectFrom("crm_customers").select("object_id")
    .where("id", "=", customerId).where("deleted_at", "is", null).executeTakeFirst();
  if (!row) throw bad("customer_id", `no customer ${customerId}`);
  if (row.object_id !== objectId) throw bad("customer_id", "belongs to another object");
}
