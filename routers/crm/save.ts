/**
 * Writing a change to an existing synced row, the same way for objects, visits and customers:
 * the new values, `updated_by`, `version + 1`, and the audit entry (before/after as masked
 * views, `forced` when the client overrode a newer version) in the same transaction.
 *
 * @module
 */
import { type Selectable, sql } from "kysely";
import type { Database, Tx } from "../../db/database.ts";
import type { CrmCaller } from "./caller.ts";
import { type CrmEntity, recordChange } from "./record.ts";
import { customerView, objectView, visitView } from "./serialize.ts";

type Synced = "crm_objects" | "crm_visits" | "crm_customers";
type Row<T extends Synced> = Selectable<Database[T]>;

const KINDS: Record<Synced, { entity: CrmEntity; view: (row: never, v: "full") => object }> = {
  crm_objects: { entity: "object", view: objectView },
  crm_visits: { entity: "visit", view: visitView },
  crm_customers: { entity: "customer", view: customerView },
};

/** How a change is recorded. */
export interface SaveOptions {
  /** create, update, delete, complete, delegate … */
  action: string;
  /** The client overrode a newer version (`force=true`). */
  forced?: boolean;
  meta?: Record<string, unknown>;
}

/** Applies `set` to `before`'s row, bumps its version and records the change. */
export async function saveVersioned<T extends Synced>(
  tx: Tx,
  caller: CrmCaller,
  table: T,
  before: Row<T>,
  set: Record<string, unknown>,
  options: SaveOptions,
): Promise<Row<T>> {
  const id = (before as { id: string }).id;
  const row = await tx.updateTable(table as "crm_objects")
    .set({ ...set, updated_by: caller.userId, version: sql`version + 1` })
    .where("id", "=", id).returningAll().executeTakeFirstOrThrow() as unknown as Row<T>;
  const { entity, view } = KINDS[table];
  const meta = options.forced ? { ...options.meta, forced: true } : options.meta;
  await recordChange(tx, caller, {
    entity,
    entityId: id,
    action: options.action,
    before: view(before as never, "full") as Record<string, unknown>,
    after: view(row as never, "full") as Record<string, unknown>,
    meta,
  });
  return row;
}
