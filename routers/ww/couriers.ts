/**
 * WW couriers: registered by dispatchers under the id their dispatch system uses, optionally
 * linked to the fieldhub user who works as that courier (that user may then accept, decline
 * and move its own orders).
 *
 * @module
 */
import { sql } from "kysely";
import type { z } from "zod";
import type { Db } from "../../db/database.ts";
import type { CourierRow } from "../../db/schema_returns.ts";
import { escapeLike } from "../../db/like.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { maskText } from "../../platform/pii.ts";
import { pageWindow, type SizedPage, sizedPageOf } from "../../platform/paging.ts";
import type { courierInput, courierListQuery, CourierOutput, courierPatch } from "./schemas.ts";

/** What the courier functions use. */
export type WwDeps = Pick<AppDeps, "db" | "config" | "queue">;

/** The 404 of an unknown courier. */
export function courierNotFound(id: string): AppError {
  return new AppError("NOT_FOUND", `Courier ${id} was not found`, { title: "Courier not found" });
}

/** Shapes a courier row for the API. */
export function toCourierOutput(row: CourierRow): CourierOutput {
  return {
    id: row.id,
    display_name: row.display_name,
    phone: row.phone,
    is_active: row.is_active,
    user_id: row.user_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

// The audit log keeps no phone numbers in clear.
const redact = (row: Record<string, unknown>) => ({
  ...row,
  phone: typeof row.phone === "string" ? maskText(row.phone) : row.phone,
});

/** Reads a courier row or throws 404. */
export async function loadCourier(db: Db, id: string): Promise<CourierRow> {
  const row = await db.selectFrom("ww_couriers").selectAll().where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw courierNotFound(id);
  return row;
}

async function requireUser(db: Db, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const user = await db.selectFrom("users").select("id").where("id", "=", userId)
    .executeTakeFirst();
  if (!user) {
    throw new AppError("UNPROCESSABLE_CONTENT", `User ${userId} does not exist`, {
      fields: [{ field: "user_id", message: "no such user", in: "body" }],
    });
  }
}

function duplicate(err: unknown, message: string, title: string): never {
  if ((err as { code?: string })?.code === "23505") {
    throw new AppError("CONFLICT", message, { title });
  }
  throw err;
}

/**
 * Registers a courier. @throws {AppError} 409 "Courier already exists" for a taken id, or when
 * the user is already linked to another courier
 */
export function createCourier(
  deps: WwDeps,
  actor: Actor,
  input: z.output<typeof courierInput>,
): Promise<CourierOutput> {
  return withTx(deps.db, async (tx) => {
    await requireUser(tx, input.user_id);
    const row = await tx.insertInto("ww_couriers").values({
      id: input.id,
      display_name: input.display_name,
      phone: input.phone ?? null,
      is_active: input.is_active,
      user_id: input.user_id ?? null,
    }).onConflict((oc) => oc.column("id").doNothing()).returningAll().executeTakeFirst()
      .catch((err) => duplicate(err, "This user already works as another courier", "User linked"));
    if (!row) {
      throw new AppError("CONFLICT", `Courier ${input.id} already exists`, {
        title: "Courier already exists",
      });
    }
    const out = toCourierOutput(row);
    await writeAudit(tx, actor, {
      entity: "ww_courier",
      entityId: row.id,
      action: "create",
      after: out,
      redact,
    });
    return out;
  });
}

/** Changes a courier's name, phone, activity or linked user. */
export function updateCourier(
  deps: WwDeps,
  actor: Actor,
  id: string,
  patch: z.output<typeof courierPatch>,
): Promise<CourierOutput> {
  return withTx(deps.db, async (tx) => {
    const before = toCourierOutput(await loadCourier(tx, id));
    await requireUser(tx, patch.user_id);
    const row = await tx.updateTable("ww_couriers").set({
      ...(patch.display_name !== undefined ? { display_name: patch.display_name } : {}),
      ...(patch.phone !== undefined ? { phone: patch.phone ?? null } : {}),
      ...(patch.is_active !== undefined ? { is_active: patch.is_active } : {}),
      ...(patch.user_id !== undefined ? { user_id: patch.user_id ?? null } : {}),
      updated_at: sql<Date>`now()`,
    }).where("id", "=", id).returningAll().executeTakeFirstOrThrow()
      .catch((err) => duplicate(err, "This user already works as another courier", "User linked"));
    const after = toCourierOutput(row);
    await writeAudit(tx, actor, {
      entity: "ww_courier",
      entityId: id,
      action: "update",
      before,
      after,
      redact,
    });
    return after;
  });
}

/** One courier. */
export async function getCourier(deps: WwDeps, id: string): Promise<CourierOutput> {
  return toCourierOutput(await loadCourier(deps.db, id));
}

/** A page of couriers by id, filtered by text and activity. */
export async function listCouriers(
  deps: WwDeps,
  query: z.output<typeof courierListQuery>,
): Promise<SizedPage<CourierOutput>> {
  const window = pageWindow(query, deps.config.maxPageSize);
  let base = deps.db.selectFrom("ww_couriers");
  if (query.is_active !== undefined) base = base.where("is_active", "=", query.is_active);
  if (query.q) {
    const like = `%${escapeLike(query.q)}%`;
    base = base.where((eb) =>
      eb.or([
        eb("id", "ilike", like),
        eb("display_name", "ilike", like),
        eb("phone", "ilike", like),
      ])
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("id").limit(window.pageSize).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return sizedPageOf(rows.map(toCourierOutput), Number(count.n), window);
}

/** The courier the actor works as, if it is linked to one. */
export async function courierOfUser(
  db: Db,
  userId: string | null,
): Promise<CourierRow | undefined> {
  if (!userId) return undefined;
  return await db.selectFrom("ww_couriers").selectAll().where("user_id", "=", userId)
    .executeTakeFirst();
}
