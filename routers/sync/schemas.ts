/**
 * Wire format of offline sync: the push batch (`POST /sync/batch`), each mutation in it, its
 * per-item result, and the pull query (`GET /sync/changes`).
 *
 * @module
 */
import { z } from "zod";
import type { SyncTableName } from "../../db/schema_crm.ts";
import type { FieldError } from "../../platform/errors.ts";
import { csv, instant } from "../crm/schemas/common.ts";

/** The tables offline clients sync. */
export const SYNC_TABLES = [
  "objects",
  "visits",
  "customers",
] as const satisfies readonly SyncTableName[];

/** Most mutations one batch may carry. */
export const MAX_BATCH = 1000;

/**
 * One mutation. `client_mutation_id` makes a retry exactly-once; without it the mutation's
 * content hash does. The row is named by `id` (a server id, or a client id the server mapped)
 * or by `client_generated_id` (seed 002's field: the client's id of the row it created).
 * `table_name` is checked per item, so an unknown table rejects that item only.
 */
export const syncItem = z.object({
  client_mutation_id: z.string().trim().min(1).max(128).optional(),
  client_generated_id: z.uuid().optional(),
  id: z.uuid().optional(),
  table_name: z.string().max(64),
  op: z.enum(["upsert", "delete"]).default("upsert"),
  payload: z.record(z.string(), z.unknown()).default({}),
  /** When the client made the change (kept for old clients; ordering is the batch's). */
  updated_at: z.string().max(64).optional(),
  version: z.number().int().min(1).optional(),
  force: z.boolean().optional(),
});
/** A parsed mutation. */
export type SyncItem = z.output<typeof syncItem>;

/** `POST /sync/batch`: 1–1000 mutations; `force` overrides stale versions for all of them. */
export const syncBatch = z.object({
  items: z.array(z.unknown()).min(1).max(MAX_BATCH),
  force: z.boolean().default(false),
});
/** A parsed batch. */
export type SyncBatch = z.output<typeof syncBatch>;

/** What happened to one mutation. */
export type SyncStatus = "created" | "updated" | "deleted" | "conflict" | "rejected";

/** The result of one mutation, in the order of the batch. */
export interface SyncResult {
  index: number;
  client_mutation_id: string | null;
  client_generated_id: string | null;
  table_name: string;
  status: SyncStatus;
  server_id: string | null;
  /** The row's version on the server after this mutation (or now, on a conflict). */
  server_version: number | null;
  /** True when this mutation was applied by an earlier request and is answered from there. */
  replayed?: boolean;
  forced?: boolean;
  error_code?: string;
  error_message?: string;
  errors?: FieldError[];
  /** On a conflict: the same body a REST 409 carries. */
  conflict?: Record<string, unknown>;
}

/** `GET /sync/changes` (or the POST variant's body). */
export const changesQuery = z.object({
  /** `next_cursor` of the previous page; `0` for everything. */
  cursor: z.union([z.number().int().min(0), z.string().regex(/^\d{1,18}$/).transform(Number)])
    .optional(),
  /** Seed 002's timestamp mode for old clients: changes at or after this instant. */
  since: instant.optional(),
  tables: csv(z.enum(SYNC_TABLES)).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
}).superRefine((q, ctx) => {
  if (q.cursor === undefined && q.since === undefined) {
    ctx.addIssue({ code: "custom", path: ["since"], message: "give since or cursor" });
  }
});
/** A parsed changes query. */
export type ChangesQuery = z.output<typeof changesQuery>;
