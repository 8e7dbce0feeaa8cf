/**
 * Offline push (`POST /sync/batch`). Conflict policy: the batch always answers HTTP 200 with
 * one result per mutation, in order — created, updated, deleted, conflict (with the server row
 * and a per-field diff) or rejected (with a code and the failing `payload.*` fields) — because
 * a phone replaying a queue must learn the fate of every item, not stop at the first 409.
 *
 * Each mutation runs in its own savepoint, so a failing item leaves no trace and the others
 * still apply. Applied mutations are stored per user under their `client_mutation_id` (or their
 * content hash), so a retried batch returns the first results and changes nothing. A created
 * row's client id is mapped to its server id; later items of the same or a later batch may use
 * the client id in `id`, `object_id` or `customer_id`.
 *
 * @module
 */
import { sql } from "kysely";
import type { Tx } from "../../db/database.ts";
import { jsonb } from "../../db/tx.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { AppError, zodFields } from "../../platform/errors.ts";
import { sha256Hex } from "../../platform/hash.ts";
import { canonicalJson } from "../../platform/idempotency/store.ts";
import type { CrmCaller } from "../crm/caller.ts";
import { crmWrite } from "../crm/locking.ts";
import { type IdMap, loadIdMap, resolveRefs, resolveTarget } from "./ids.ts";
import { type SyncBatch, type SyncItem, syncItem, type SyncResult } from "./schemas.ts";
import { syncTable } from "./tables.ts";

/** The answer to a batch. */
export interface BatchOutcome {
  results: SyncResult[];
  applied_count: number;
  conflicts_count: number;
  rejected_count: number;
  /** Seed 002's name for `rejected_count`. */
  errors_count: number;
}

type Parsed =
  | { ok: true; index: number; item: SyncItem; key: string }
  | { ok: false; result: SyncResult };

async function parseItem(raw: unknown, index: number): Promise<Parsed> {
  const r = syncItem.safeParse(raw);
  const rawObj = (raw ?? {}) as Record<string, unknown>;
  if (!r.success) {
    return {
      ok: false,
      result: {
        index,
        client_mutation_id: typeof rawObj.client_mutation_id === "string"
          ? rawObj.client_mutation_id
          : null,
        client_generated_id: typeof rawObj.client_generated_id === "string"
          ? rawObj.client_generated_id
          : null,
        table_name: typeof rawObj.table_name === "string" ? rawObj.table_name : "",
        status: "rejected",
        server_id: null,
        server_version: null,
        error_code: "UNPROCESSABLE_CONTENT",
        error_message: "The mutation is malformed",
        errors: zodFields(r.error),
      },
    };
  }
  const item = r.data;
  const key = item.client_mutation_id ? `m:${item.client_mutation_id}` : `h:${await sha256Hex(
    canonicalJson({
      table_name: item.table_name,
      client_generated_id: item.client_generated_id,
      id: item.id,
      op: item.op,
      payload: item.payload,
      version: item.version,
      force: item.force,
    }),
  )}`;
  return { ok: true, index, item, key };
}

async function loadStored(tx: Tx, userId: string, keys: string[]) {
  const stored = new Map<string, SyncResult>();
  for (let i = 0; i < keys.length; i += 1000) {
    const rows = await tx.selectFrom("crm_sync_mutations").select(["mutation_key", "result"])
      .where("user_id", "=", userId).where("mutation_key", "in", keys.slice(i, i + 1000))
      .execute();
    for (const r of rows) stored.set(r.mutation_key, r.result as unknown as SyncResult);
  }
  return stored;
}

function failure(
  base: Omit<SyncResult, "status" | "server_id" | "server_version">,
  err: unknown,
  target?: string,
): SyncResult {
  if (err instanceof AppError && err.code === "CONFLICT" && "current_version" in err.extra) {
    return {
      ...base,
      status: "conflict",
      server_id: target ?? null,
      server_version: err.extra.current_version as number,
      error_code: "expected_version" in err.extra ? "STALE_VERSION" : "CONFLICT",
      error_message: err.message,
      conflict: err.extra,
    };
  }
  const known = err instanceof AppError && err.status < 500;
  return {
    ...base,
    status: "rejected",
    server_id: target ?? null,
    server_version: null,
    error_code: known ? err.code : "INTERNAL_SERVER_ERROR",
    error_message: known ? err.message : "Internal error while applying this mutation",
    ...(known && err.fields.length ? { errors: err.fields } : {}),
  };
}

interface Context {
  tx: Tx;
  caller: CrmCaller;
  ids: IdMap;
  stored: Map<string, SyncResult>;
  force: boolean;
  logger: AppDeps["logger"];
}

async function applyOne(ctx: Context, p: Extract<Parsed, { ok: true }>): Promise<SyncResult> {
  const { tx, caller, ids } = ctx;
  const { item, index, key } = p;
  const base = {
    index,
    client_mutation_id: item.client_mutation_id ?? null,
    client_generated_id: item.client_generated_id ?? null,
    table_name: item.table_name,
  };
  const prior = ctx.stored.get(key);
  if (prior) return { ...prior, ...base, replayed: true };
  const table = syncTable(item.table_name);
  if (!table) {
    return failure(
      base,
      new AppError("UNPROCESSABLE_CONTENT", `Unknown table "${item.table_name}"`, {
        fields: [{ field: "table_name", message: "expected objects, visits or customers" }],
      }),
    );
  }
  const target = resolveTarget(ids, item);
  await sql`savepoint sync_item`.execute(tx);
  try {
    const deps = { db: tx };
    const payload = resolveRefs(ids, table.refs, item.payload);
    const guard = { version: item.version, force: item.force ?? ctx.force };
    let result: SyncResult;
    if (item.op === "delete") {
      if (!target) throw missing("id", "name the row to delete with id or client_generated_id");
      const w = await table.remove(deps, caller, target, guard);
      result = { ...base, status: "deleted", server_id: w.id, server_version: w.version };
    } else if (target) {
      const w = await table.update(deps, caller, target, payload, guard);
      result = { ...base, status: "updated", server_id: w.id, server_version: w.version };
    } else {
      if (!item.client_generated_id) {
        throw missing("client_generated_id", "a created row needs the client's id for it");
      }
      const w = await table.create(deps, caller, payload);
      await tx.insertInto("crm_sync_ids").values({
        client_id: item.client_generated_id,
        table_name: item.table_name as "objects",
        server_id: w.id,
        user_id: caller.userId,
      }).execute();
      result = { ...base, status: "created", server_id: w.id, server_version: w.version };
    }
    if (guard.force && item.op !== "delete") result.forced = true;
    const { index: _i, ...toStore } = result;
    await tx.insertInto("crm_sync_mutations").values({
      user_id: caller.userId,
      mutation_key: key,
      result: jsonb(toStore),
    }).execute();
    await sql`release savepoint sync_item`.execute(tx);
    if (result.status === "created") {
      ids.set(item.client_generated_id!.toLowerCase(), {
        table: item.table_name,
        serverId: result.server_id!,
      });
    }
    ctx.stored.set(key, result);
    return result;
  } catch (err) {
    await sql`rollback to savepoint sync_item`.execute(tx);
    await sql`release savepoint sync_item`.execute(tx);
    if (!(err instanceof AppError) || err.status >= 500) {
      ctx.logger.error("sync mutation failed", { error: err, table: item.table_name, index });
    }
    return failure(base, err, target);
  }
}

function missing(field: string, message: string) {
  return new AppError("UNPROCESSABLE_CONTENT", `${field}: ${message}`, {
    fields: [{ field, message }],
  });
}

/** Applies a batch for `caller`; see the module notes for the policy. */
export function applyBatch(
  deps: Pick<AppDeps, "db" | "logger">,
  caller: CrmCaller,
  batch: SyncBatch,
): Promise<BatchOutcome> {
  // The write lock comes first, so two copies of one batch sent at once run one after the
  // other and the second finds the first's stored results.
  return crmWrite(deps.db, async (tx) => {
    const parsed = await Promise.all(batch.items.map((raw, i) => parseItem(raw, i)));
    const good = parsed.filter((p): p is Extract<Parsed, { ok: true }> => p.ok);
    const ctx: Context = {
      tx,
      caller,
      ids: await loadIdMap(tx, good.map((p) => p.item)),
      stored: await loadStored(tx, caller.userId, good.map((p) => p.key)),
      force: batch.force,
      logger: deps.logger,
    };
    const results: SyncResult[] = [];
    for (const p of parsed) results.push(p.ok ? await applyOne(ctx, p) : p.result);
    const count = (...s: string[]) => results.filter((r) => s.includes(r.status)).length;
    const rejected = count("rejected");
    return {
      results,
      applied_count: count("created", "updated", "deleted"),
      conflicts_count: count("conflict"),
      rejected_count: rejected,
      errors_count: rejected,
    };
  });
}
