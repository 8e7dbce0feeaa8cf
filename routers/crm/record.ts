/**
 * The CRM's audit entries: written in the write's own transaction through the platform's
 * `writeAudit`, with before/after as API views whose phones and e-mails are always masked
 * (seed 002's check 15: the audit log never holds a full phone number).
 *
 * @module
 */
import type { Tx } from "../../db/database.ts";
import { writeAudit } from "../../platform/audit.ts";
import type { CrmCaller } from "./caller.ts";
import { maskView } from "./serialize.ts";

/** Entity names of CRM audit entries (`entity_type` in the audit API). */
export type CrmEntity = "object" | "visit" | "customer" | "report_job" | "user";

/** One CRM change to record. */
export interface CrmChange {
  entity: CrmEntity;
  entityId: string;
  /** create, update, delete, complete, delegate, export, download. */
  action: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  meta?: Record<string, unknown>;
}

/** Writes `change` in `tx`, masking personal data whoever made the change. */
export function recordChange(tx: Tx, caller: CrmCaller, change: CrmChange): Promise<void> {
  return writeAudit(tx, caller.actor, {
    entity: change.entity,
    entityId: change.entityId,
    action: change.action,
    before: change.before ?? null,
    after: change.after ?? null,
    meta: change.meta,
    redact: maskView,
  });
}
