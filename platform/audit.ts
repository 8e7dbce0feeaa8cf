/**
 * The audit trail: one `audit_log` row per change, written through the caller's transaction so
 * that the change and its record commit or roll back together.
 *
 * @module
 */
import type { Db } from "../db/database.ts";
import { jsonb } from "../db/tx.ts";
import type { Actor } from "./actor.ts";

/** One audit entry to write. */
export interface AuditEntry {
  entity: string;
  entityId: string;
  /** A verb in lower case: create, update, delete, login, export, download, ... */
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  meta?: Record<string, unknown>;
  /** Applied to `before` and `after` before storing (role-independent PII masking). */
  redact?: (row: Record<string, unknown>) => Record<string, unknown>;
}

/** Per-field changes between two versions of a row; keys present in either side. */
export function diffRows(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    const a = before?.[k] ?? null;
    const b = after?.[k] ?? null;
    if (JSON.stringify(a) !== JSON.stringify(b)) out[k] = { from: a, to: b };
  }
  return out;
}

/**
 * Writes an audit row with `db`, which should be the transaction of the change it records.
 *
 * @example
 * ```ts
 * await withTx(deps.db, async (tx) => {
 *   const row = await insertReturn(tx, input);
 *   await writeAudit(tx, actor, { entity: "return", entityId: row.id, action: "create", after: row });
 * });
 * ```
 */
export async function writeAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  const clean = (row: Record<string, unknown> | null | undefined) =>
    row ? JSON.parse(JSON.stringify(entry.redact ? entry.redact(row) : row)) : null;
  const before = clean(entry.before);
  const after = clean(entry.after);
  await db.insertInto("audit_log").values({
    actor_id: actor.userId,
    entity: entry.entity,
    entity_id: entry.entityId,
    action: entry.action,
    before: before ? jsonb(before) : null,
    after: after ? jsonb(after) : null,
    diff: before || after ? jsonb(diffRows(before, after)) : null,
    request_id: actor.requestId ?? null,
    ip: actor.ip ?? null,
    user_agent: actor.userAgent ?? null,
    meta: entry.meta ? jsonb(entry.meta) : null,
  }).execute();
}
