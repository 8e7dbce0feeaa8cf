/**
 * Write discipline of the CRM: every write runs in a transaction that first takes the CRM
 * write lock (the advisory lock the stamping trigger also takes), and every change of an
 * existing row names the version it was based on.
 *
 * Why one lock: the sync feed (`/sync/changes`) pages by a sequence stamped on each change. If
 * two writers could commit out of sequence order, a reader could see change 101, advance its
 * cursor, and never see change 100 committing a moment later. Holding the lock from the first
 * change to commit makes sequence order equal commit order. Writes are short (one row, or one
 * sync batch), so the cost is a queue of writers, measured in `bench/crm_bench.ts`.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database.ts";
import { withTx } from "../../db/tx.ts";
import { AppError } from "../../platform/errors.ts";

/** The advisory lock key shared with the `crm_stamp_change` trigger (migration 0010). */
export const CRM_WRITE_LOCK = 20020;

/** Runs `fn` in a transaction holding the CRM write lock (joins the caller's transaction). */
export function crmWrite<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(db, async (tx) => {
    await sql`select pg_advisory_xact_lock(${CRM_WRITE_LOCK})`.execute(tx);
    return await fn(tx);
  });
}

/** What a client says about the version its change is based on. */
export interface VersionGuard {
  version?: number;
  force?: boolean;
}

/** How a client may resolve a stale write (seed 002's hints). */
export function resolutionHints(expected: number, current: number) {
  return {
    code: "STALE_VERSION",
    strategy: "merge|force|reject",
    message: `The row changed since version ${expected}; it is at version ${current}. ` +
      `Merge your changes into the server row and resend with version ${current}, ` +
      `or resend with force=true to overwrite it.`,
  };
}

/**
 * The per-field disagreement between the server row and a client's change: only the fields
 * the client sent whose value differs from the server's.
 */
export function fieldDiff(
  server: Record<string, unknown>,
  client: Record<string, unknown>,
): Record<string, { server: unknown; client: unknown }> {
  const out: Record<string, { server: unknown; client: unknown }> = {};
  for (const [k, v] of Object.entries(client)) {
    if (k === "version" || k === "force" || v === undefined) continue;
    const c = v instanceof Date ? v.toISOString() : v;
    const s = server[k] ?? null;
    if (JSON.stringify(s) !== JSON.stringify(c ?? null)) out[k] = { server: s, client: c };
  }
  return out;
}

/** The body of a version conflict, the same in REST 409s, tRPC errors and sync results. */
export function conflictDetails(
  serverRow: Record<string, unknown>,
  client: Record<string, unknown>,
  expected: number,
) {
  const current = serverRow.version as number;
  return {
    expected_version: expected,
    current_version: current,
    server_row: serverRow,
    diff: fieldDiff(serverRow, client),
    resolution_hints: resolutionHints(expected, current),
  };
}

/**
 * Checks a client's version against the row's. Returns true when the write is forced over a
 * newer row (the audit entry then says so).
 *
 * @param serverRow the row as the caller may see it (masked for engineers)
 * @throws {AppError} 422 when neither `version` nor `force` is given; 409 with
 *   {@link conflictDetails} when the version is stale and not forced
 */
export function checkVersion(
  entity: string,
  serverRow: Record<string, unknown>,
  guard: VersionGuard,
  client: Record<string, unknown>,
): { forced: boolean } {
  const current = serverRow.version as number;
  if (guard.version === undefined) {
    if (guard.force) return { forced: true };
    throw new AppError("UNPROCESSABLE_CONTENT", "version is required (or force=true)", {
      title: "Validation failed",
      fields: [{ field: "version", message: "required unless force=true" }],
    });
  }
  if (guard.version === current) return { forced: false };
  if (guard.force) return { forced: true };
  throw new AppError(
    "CONFLICT",
    `Stale version of ${entity}: expected ${guard.version}, current ${current}`,
    {
      title: "Version conflict",
      type: "https://fieldhub.dev/errors/stale-version",
      extra: conflictDetails(serverRow, client, guard.version),
    },
  );
}

/** Drops `undefined` entries, so a PATCH only touches the fields it sent. */
export function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
