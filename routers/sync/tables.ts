/**
 * How a sync mutation becomes a CRM write: for each synced table, the same zod schemas and
 * domain functions the REST routes use (so role checks, scoping, locking, validation and audit
 * are identical), plus the payload fields that refer to other synced rows and may therefore
 * carry a client id to map.
 *
 * @module
 */
import type { z } from "zod";
import type { Tx } from "../../db/database.ts";
import type { SyncTableName } from "../../db/schema_crm.ts";
import { validationError } from "../../platform/errors.ts";
import type { CrmCaller } from "../crm/caller.ts";
import { createCustomer, deleteCustomer, updateCustomer } from "../crm/customers.ts";
import { definedOnly, type VersionGuard } from "../crm/locking.ts";
import { createObject, deleteObject, updateObject } from "../crm/objects.ts";
import { customerChanges, customerCreate } from "../crm/schemas/customers.ts";
import { objectChanges, objectCreate } from "../crm/schemas/objects.ts";
import { visitChanges, visitComplete, visitCreate } from "../crm/schemas/visits.ts";
import { completeVisit } from "../crm/visit_complete.ts";
import { createVisit, deleteVisit, updateVisit } from "../crm/visits.ts";

/** Parses a payload with `schema`; failing fields are reported as `payload.<field>`. */
export function parsePayload<T extends z.ZodType>(schema: T, payload: unknown): z.output<T> {
  const r = schema.safeParse(payload);
  if (r.success) return r.data;
  throw validationError(r.error.issues.map((i) => ({
    field: ["payload", ...i.path.map(String)].join("."),
    message: i.message,
  })));
}

type Deps = { db: Tx };
type Written = { id: string; version: number };

/** The operations of one synced table. */
export interface SyncTable {
  /** Payload fields holding ids of other synced rows, and the table each points into. */
  refs: Record<string, SyncTableName>;
  create(deps: Deps, caller: CrmCaller, payload: unknown): Promise<Written>;
  update(
    deps: Deps,
    caller: CrmCaller,
    id: string,
    payload: unknown,
    g: VersionGuard,
  ): Promise<Written>;
  remove(deps: Deps, caller: CrmCaller, id: string, g: VersionGuard): Promise<Written>;
}

/** The synced tables by sync name. */
export const SYNC_TABLE_OPS: Record<SyncTableName, SyncTable> = {
  objects: {
    refs: {},
    create: (deps, caller, p) => createObject(deps, caller, parsePayload(objectCreate, p)),
    update: (deps, caller, id, p, g) =>
      updateObject(deps, caller, id, { ...parsePayload(objectChanges, p), ...g }),
    remove: (deps, caller, id, g) => deleteObject(deps, caller, id, g),
  },
  customers: {
    refs: { object_id: "objects" },
    create: (deps, caller, p) => createCustomer(deps, caller, parsePayload(customerCreate, p)),
    update: (deps, caller, id, p, g) =>
      updateCustomer(deps, caller, id, { ...parsePayload(customerChanges, p), ...g }),
    remove: (deps, caller, id, g) => deleteCustomer(deps, caller, id, g),
  },
  visits: {
    refs: { object_id: "objects", customer_id: "customers" },
    create: (deps, caller, p) => createVisit(deps, caller, parsePayload(visitCreate, p)),
    update: (deps, caller, id, p, g) => {
      // An offline client completes a visit by syncing its final status.
      const status = (p as { status?: unknown }).status;
      if (status === "DONE" || status === "CANCELLED") {
        const body = { ...(p as object), ...definedOnly({ ...g }) };
        return completeVisit(deps, caller, id, parsePayload(visitComplete, body));
      }
      return updateVisit(deps, caller, id, { ...parsePayload(visitChanges, p), ...g });
    },
    remove: (deps, caller, id, g) => deleteVisit(deps, caller, id, g),
  },
};

/** The table behind a sync table name, or null for a name the CRM does not sync. */
export function syncTable(name: string): SyncTable | null {
  return Object.hasOwn(SYNC_TABLE_OPS, name) ? SYNC_TABLE_OPS[name as SyncTableName] : null;
}
