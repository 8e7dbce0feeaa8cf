/**
 * A return's status after registration: pending → accepted | rejected (a manager's decision,
 * recorded as `manager_id`) or cancelled (by the courier who registered it, or a manager).
 * Every other move is refused with 422 "Invalid return status transition", the rule the Walking
 * Warehouse uses too. The history is read back from the audit log.
 *
 * @module
 */
import { sql } from "kysely";
import type { Tx } from "../../db/database.ts";
import type { ReturnStatus } from "../../db/schema_returns.ts";
import { withTx } from "../../db/tx.ts";
import type { Actor } from "../../platform/actor.ts";
import { writeAudit } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import {
  auditSnapshot,
  loadReturn,
  RETURN_ENTITY,
  returnNotFound,
  type ReturnsDeps,
} from "./returns.ts";
import { returnDocumentOf } from "./onec.ts";
import { queueOneCDocument } from "./onec_exchange.ts";
import { isManager } from "./roles.ts";
import type { HistoryEntry, ReturnOutput } from "./schemas.ts";

/** Moves allowed from each status. */
export const RETURN_TRANSITIONS: Record<ReturnStatus, readonly ReturnStatus[]> = {
  pending: ["accepted", "rejected", "cancelled"],
  accepted: [],
  rejected: [],
  cancelled: [],
};

interface Decision {
  to: ReturnStatus;
  reason: string | null;
  note?: string | null;
  /** Record the actor as the deciding manager. */
  decidedByManager: boolean;
  /** Checks the actor may make this move on `current` (cancel by its own courier). */
  authorize?: (current: ReturnOutput) => void;
  /** Runs in the decision's transaction with the return as decided. */
  after?: (tx: Tx, decided: ReturnOutput) => Promise<void>;
}

function invalidTransition(from: ReturnStatus, to: ReturnStatus): AppError {
  return new AppError("UNPROCESSABLE_CONTENT", `A ${from} return cannot become ${to}`, {
    title: "Invalid return status transition",
    fields: [{ field: "status", message: `${from} → ${to} is not allowed`, in: "body" }],
    extra: { current_status: from },
  });
}

function decide(
  deps: ReturnsDeps,
  actor: Actor,
  id: string,
  d: Decision,
): Promise<ReturnOutput> {
  return withTx(deps.db, async (tx) => {
    const before = await loadReturn(tx, id, true);
    d.authorize?.(before);
    if (!RETURN_TRANSITIONS[before.status].includes(d.to)) {
      throw invalidTransition(before.status, d.to);
    }
    await tx.updateTable("returns").set({
      status: d.to,
      status_reason: d.reason,
      ...(d.decidedByManager ? { manager_id: actor.userId } : {}),
      decided_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    }).where("id", "=", id).execute();
    const after = await loadReturn(tx, id);
    await writeAudit(tx, actor, {
      entity: RETURN_ENTITY,
      entityId: id,
      action: d.to === "accepted" ? "accept" : d.to === "rejected" ? "reject" : "cancel",
      before: auditSnapshot(before),
      after: auditSnapshot(after),
      meta: d.note ? { note: d.note } : undefined,
    });
    await d.after?.(tx, after);
    return after;
  });
}

/**
 * A manager accepts a pending return. Its 1C document is queued in the same transaction, so the
 * acceptance and its delivery to 1C commit (or roll back) together.
 */
export function acceptReturn(
  deps: ReturnsDeps,
  actor: Actor,
  id: string,
  input: { note?: string | null } = {},
): Promise<ReturnOutput> {
  return decide(deps, actor, id, {
    to: "accepted",
    reason: null,
    note: input.note,
    decidedByManager: true,
    after: (tx, accepted) =>
      queueOneCDocument({ db: tx, queue: deps.queue }, returnDocumentOf(accepted)),
  });
}

/** A manager rejects a pending return, giving the reason. */
export function rejectReturn(
  deps: ReturnsDeps,
  actor: Actor,
  id: string,
  input: { reason: string },
): Promise<ReturnOutput> {
  return decide(deps, actor, id, { to: "rejected", reason: input.reason, decidedByManager: true });
}

/**
 * Cancels a pending return: a manager may cancel any, a courier only one it registered.
 *
 * @throws {AppError} 403 for a courier's attempt on someone else's return
 */
export function cancelReturn(
  deps: ReturnsDeps,
  actor: Actor,
  id: string,
  input: { reason?: string | null } = {},
): Promise<ReturnOutput> {
  return decide(deps, actor, id, {
    to: "cancelled",
    reason: input.reason ?? null,
    decidedByManager: false,
    authorize: (current) => {
      if (isManager(actor)) return;
      if (!actor.userId || current.created_by !== actor.userId) {
        throw new AppError("FORBIDDEN", "A courier may cancel only a return it registered");
      }
    },
  });
}

/** A return's history: every audited change, oldest first, with who made it. */
export async function returnHistory(deps: ReturnsDeps, id: string): Promise<HistoryEntry[]> {
  await loadReturnExists(deps, id);
  const rows = await deps.db.selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.actor_id")
    .select([
      "audit_log.at",
      "audit_log.action",
      "audit_log.actor_id",
      "users.name as actor_name",
      "audit_log.diff",
      "audit_log.request_id",
    ])
    .where("audit_log.entity", "=", RETURN_ENTITY).where("audit_log.entity_id", "=", id)
    .orderBy("audit_log.id").execute();
  return rows.map((r) => ({
    at: r.at.toISOString(),
    action: r.action,
    actor_id: r.actor_id,
    actor_name: r.actor_name ?? null,
    changes: r.diff ?? {},
    request_id: r.request_id,
  }));
}

async function loadReturnExists(deps: ReturnsDeps, id: string): Promise<void> {
  const row = await deps.db.selectFrom("returns").select("id").where("id", "=", id)
    .executeTakeFirst();
  if (row) return;
  // A deleted return still has its history; only an id never seen is 404.
  const seen = await deps.db.selectFrom("audit_log").select("id")
    .where("entity", "=", RETURN_ENTITY).where("entity_id", "=", id).limit(1).executeTakeFirst();
  if (!seen) throw returnNotFound(id);
}
