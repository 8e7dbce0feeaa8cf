/**
 * Client ids → server ids. An offline client invents ids for the rows it creates and uses
 * them in later mutations (a visit's `object_id`, an update's `id`) before it has heard back;
 * the server maps each to the id it assigned (`crm_sync_ids`), within one batch and across
 * batches.
 *
 * @module
 */
import type { Tx } from "../../db/database.ts";
import type { SyncTableName } from "../../db/schema_crm.ts";
import type { SyncItem } from "./schemas.ts";

/** Known client ids: client id → the table and server id it became. */
export type IdMap = Map<string, { table: string; serverId: string }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads the mappings of every id the items mention. */
export async function loadIdMap(tx: Tx, items: SyncItem[]): Promise<IdMap> {
  const wanted = new Set<string>();
  for (const item of items) {
    if (item.id) wanted.add(item.id.toLowerCase());
    if (item.client_generated_id) wanted.add(item.client_generated_id.toLowerCase());
    for (const v of Object.values(item.payload)) {
      if (typeof v === "string" && UUID.test(v)) wanted.add(v.toLowerCase());
    }
  }
  const map: IdMap = new Map();
  const all = [...wanted];
  for (let i = 0; i < all.length; i += 1000) {
    const rows = await tx.selectFrom("crm_sync_ids").select([
      "client_id",
      "table_name",
      "server_id",
    ])
      .where("client_id", "in", all.slice(i, i + 1000)).execute();
    for (const r of rows) map.set(r.client_id, { table: r.table_name, serverId: r.server_id });
  }
  return map;
}

function mapped(ids: IdMap, id: string, table: string): string | undefined {
  const hit = ids.get(id.toLowerCase());
  return hit && hit.table === table ? hit.serverId : undefined;
}

/**
 * The server id of the row a mutation changes: its `id` (mapped if it is a client id), else
 * the row its `client_generated_id` created earlier; undefined when it creates a row.
 */
export function resolveTarget(ids: IdMap, item: SyncItem): string | undefined {
  if (item.id) return mapped(ids, item.id, item.table_name) ?? item.id;
  if (item.client_generated_id) return mapped(ids, item.client_generated_id, item.table_name);
  return undefined;
}

/** The payload with client ids in reference fields replaced by server ids. */
export function resolveRefs(
  ids: IdMap,
  refs: Record<string, SyncTableName>,
  payload: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...payload };
  for (const [field, table] of Object.entries(refs)) {
    const v = out[field];
    if (typeof v === "string") out[field] = mapped(ids, v, table) ?? v;
  }
  return out;
}
