/**
 * The returns domain: create, read, list, replace and delete customer returns (seed 000).
 * No HTTP in here: the REST routes and the tRPC procedures both call these functions. Every
 * change writes its audit row in the same transaction; on an idempotent request that
 * transaction also stores the response, so a crash never leaves a half-written return.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database.ts";
import type { ReturnLineRow, ReturnRow } from "../../db/schema_returns.ts";
import { jsonb, withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError } from "../../platform/errors.ts";
import { pageWindow, type SizedPage, sizedPageOf } from "../../platform/paging.ts";
import type { ListQuery, ReturnInput, ReturnOutput } from "./schemas.ts";

/** What the returns functions use. */
export type ReturnsDeps = Pick<AppDeps, "db" | "config" | "queue">;

/** The audit entity name of a return. */
export const RETURN_ENTITY = "return";

/** The 404 every lookup of a missing return answers (seed 000's title). */
export function returnNotFound(id: string): AppError {
  return new AppError("NOT_FOUND", `Return ${id} was not found`, { title: "Return not found" });
}

/** Shapes a row and its lines (already in position order) for the API. */
export function toReturnOutput(row: ReturnRow, lines: ReturnLineRow[]): ReturnOutput {
  return {
    id: row.id,
    status: row.status,
    source: row.source,
    courier_id: row.courier_id,
    order_id_1c: row.order_id_1c,
    manager_id: row.manager_id,
    comment: row.comment,
    status_reason: row.status_reason,
    decided_at: row.decided_at ? row.decided_at.toISOString() : null,
    created_by: row.created_by,
    onec_document_id: row.onec_document_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    items: lines.map((l) => ({
      line_id: l.line_id,
      sku: l.sku,
      qty: l.qty,
      quality: l.quality,
      reason_code: l.reason_code,
      reason_note: l.reason_note,
      photos: l.photos ?? [],
      imei: l.imei,
      serial: l.serial,
    })),
  };
}

async function linesOf(db: Db, ids: string[]): Promise<Map<string, ReturnLineRow[]>> {
  const byReturn = new Map<string, ReturnLineRow[]>(ids.map((id) => [id, []]));
  if (!ids.length) return byReturn;
  const lines = await db.selectFrom("return_lines").selectAll().where("return_id", "in", ids)
    .orderBy("return_id").orderBy("position").execute();
  for (const line of lines) byReturn.get(line.return_id)!.push(line);
  return byReturn;
}

/**
 * Reads one return; inside a transaction `lock` takes a row lock so a decision or a replace
 * sees no concurrent change.
 */
export async function loadReturn(db: Db, id: string, lock = false): Promise<ReturnOutput> {
  let q = db.selectFrom("returns").selectAll().where("id", "=", id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw returnNotFound(id);
  return toReturnOutput(row, (await linesOf(db, [id])).get(id)!);
}

/** Inserts the lines of a return; returns them in position order. */
async function insertLines(
  tx: Tx,
  returnId: string,
  items: ReturnInput["items"],
): Promise<ReturnLineRow[]> {
  const rows = await tx.insertInto("return_lines").values(items.map((item, position) => ({
    return_id: returnId,
    position,
    sku: item.sku,
    qty: item.qty,
    quality: item.quality,
    reason_code: item.reason_code,
    reason_note: item.reason_note ?? null,
    photos: jsonb(item.photos ?? []),
    imei: item.imei ?? null,
    serial: item.serial ?? null,
  }))).returningAll().execute();
  return rows.sort((a, b) => a.position - b.position);
}

/** The audit snapshot of a return (its lines without their generated ids). */
export function auditSnapshot(r: ReturnOutput): Record<string, unknown> {
  const { items, created_at: _c, updated_at: _u, ...rest } = r;
  return { ...rest, items: items.map(({ line_id: _l, ...item }) => item) };
}

/**
 * Registers a return in `pending`.
 *
 * @example
 * ```ts
 * const r = await createReturn(deps, actor, { source: "warehouse", courier_id: "courier-001",
 *   items: [{ sku: "SKU-1001", qty: 1, quality: "new", reason_code: "customer_changed_mind" }] });
 * ```
 */
export function createReturn(
  deps: ReturnsDeps,
  actor: Actor,
  input: ReturnInput,
): Promise<ReturnOutput> {
  return withTx(deps.db, async (tx) => {
    const row = await tx.insertInto("returns").values({
      source: input.source,
      courier_id: input.courier_id,
      order_id_1c: input.order_id_1c ?? null,
      comment: input.comment ?? null,
      created_by: actor.userId,
    }).returningAll().executeTakeFirstOrThrow();
    // Built from what the inserts returned: no read-back round trips on the hot path.
    const created = toReturnOutput(row, await insertLines(tx, row.id, input.items));
    await writeAudit(tx, actor, {
      entity: RETURN_ENTITY,
      entityId: row.id,
      action: "create",
      after: auditSnapshot(created),
    });
    return created;
  });
}

/** Reads one return. @throws {AppError} 404 "Return not found" */
export function getReturn(deps: ReturnsDeps, id: string): Promise<ReturnOutput> {
  return loadReturn(deps.db, id);
}

/** One page of returns, newest first, with their items in order. */
export async function listReturns(
  deps: ReturnsDeps,
  query: ListQuery,
): Promise<SizedPage<ReturnOutput>> {
  const window = pageWindow(query, deps.config.maxPageSize);
  let base = deps.db.selectFrom("returns");
  if (query.status) base = base.where("status", "=", query.status);
  if (query.source) base = base.where("source", "=", query.source);
  if (query.courier_id) base = base.where("courier_id", "=", query.courier_id);
  if (query.order_id_1c) base = base.where("order_id_1c", "=", query.order_id_1c);
  if (query.created_from) base = base.where("created_at", ">=", new Date(query.created_from));
  if (query.created_to) base = base.where("created_at", "<=", new Date(query.created_to));
  if (query.sku) {
    const sku = query.sku;
    base = base.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("return_lines").select(sql.lit(1).as("one"))
          .whereRef("return_lines.return_id", "=", "returns.id").where(
            "return_lines.sku",
            "=",
            sku,
          ),
      )
    );
  }
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy("created_at", "desc").orderBy("id", "desc")
      .limit(window.pageSize).offset(window.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const lines = await linesOf(deps.db, rows.map((r) => r.id));
  return sizedPageOf(rows.map((r) => toReturnOutput(r, lines.get(r.id)!)), Number(count.n), window);
}

/** Throws 409 "Return is not pending" unless `r` is pending; `verb` says what was refused. */
export function requirePending(r: ReturnOutput, verb: string): void {
  if (r.status !== "pending") {
    throw new AppError(
      "CONFLICT",
      `Return ${r.id} is ${r.status}; only a pending one can be ${verb}`,
      {
        title: "Return is not pending",
        extra: { current_status: r.status },
      },
    );
  }
}

/**
 * Replaces a pending return's fields and lines (PUT is a full replace: absent optional fields
 * become null). Status, manager and timestamps of creation stay.
 *
 * @throws {AppError} 404 when missing, 409 when it is no longer pending
 */
export function replaceReturn(
  deps: ReturnsDeps,
  actor: Actor,
  id: string,
  input: ReturnInput,
): Promise<ReturnOutput> {
  return withTx(deps.db, async (tx) => {
    const before = await loadReturn(tx, id, true);
    requirePending(before, "replaced");
    await tx.updateTable("returns").set({
      source: input.source,
      courier_id: input.courier_id,
      order_id_1c: input.order_id_1c ?? null,
      comment: input.comment ?? null,
      updated_at: sql<Date>`now()`,
    }).where("id", "=", id).execute();
    await tx.deleteFrom("return_lines").where("return_id", "=", id).execute();
    await insertLines(tx, id, input.items);
    const after = await loadReturn(tx, id);
    await writeAudit(tx, actor, {
      entity: RETURN_ENTITY,
      entityId: id,
      action: "update",
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return after;
  });
}

/**
 * Deletes a return and its lines (an administrator's act; the audit row keeps what it was).
 *
 * @throws {AppError} 404 when missing
 */
export function deleteReturn(deps: ReturnsDeps, actor: Actor, id: string): Promise<void> {
  return withTx(deps.db, async (tx) => {
    const before = await loadReturn(tx, id, true);
    await tx.deleteFrom("returns").where("id", "=", id).execute();
    await writeAudit(tx, actor, {
      entity: RETURN_ENTITY,
      entityId: id,
      action: "delete",
      before: auditSnapshot(before),
    });
  });
}
