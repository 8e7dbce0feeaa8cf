/**
 * Reading the audit log (`GET /audit`): ADMIN reads every entry; a SUPERVISOR reads the CRM's
 * own entries (objects, visits, customers, report jobs). Before/after pass through the CRM
 * serializer's masking again on the way out, so no reader sees a full phone or e-mail even in
 * entries other domains wrote.
 *
 * @module
 */
import { z } from "zod";
import type { Db } from "../../db/database.ts";
import type { AuditRow } from "../../db/schema_platform.ts";
import { AppError } from "../../platform/errors.ts";
import { type CrmCaller, requireCrmRole } from "../crm/caller.ts";
import { pageOf, pageOffset, pageQuery } from "../../platform/paging.ts";
import { instant } from "../crm/schemas/common.ts";
import { maskView } from "../crm/serialize.ts";

/** Actions the audit log records. */
export const AUDIT_ACTIONS = [
  "create",
  "update",
  "delete",
  "complete",
  "delegate",
  "export",
  "download",
  "login",
  "logout",
] as const;

/** Entities a supervisor may read the history of. */
export const CRM_AUDIT_ENTITIES = ["object", "visit", "customer", "report_job"];

/** `GET /audit` filters (AND); `action` in any case (seed 002 refused `EXPORT`). */
export const auditQuery = pageQuery.extend({
  actor_id: z.uuid().optional(),
  entity_type: z.string().trim().min(1).max(64).optional(),
  entity_id: z.string().trim().min(1).max(128).optional(),
  action: z.string().transform((a) => a.toLowerCase()).pipe(z.enum(AUDIT_ACTIONS)).optional(),
  since: instant.optional(),
  until: instant.optional(),
});
/** Parsed filters. */
export type AuditQuery = z.output<typeof auditQuery>;

const SKIP_IN_SUMMARY = new Set(["updated_at", "version", "updated_by"]);

/** A one-line human summary of a change: `status: NEW → INTEREST; address: …`. */
export function changesSummary(row: Pick<AuditRow, "action" | "diff">): string {
  if (row.action === "create") return "created";
  if (row.action === "delete") return "deleted";
  const parts = Object.entries(row.diff ?? {})
    .filter(([k]) => !SKIP_IN_SUMMARY.has(k))
    .map(([k, d]) => `${k}: ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)}`);
  return parts.join("; ") || row.action;
}

type Joined = AuditRow & { actor_name: string | null };

function mask(value: unknown) {
  return value && typeof value === "object" && !Array.isArray(value)
    ? maskView(value as Record<string, unknown>)
    : value;
}

function view(row: Joined) {
  return {
    id: row.id,
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    action: row.action,
    entity_type: row.entity,
    entity_id: row.entity_id,
    before_json: mask(row.before),
    after_json: mask(row.after),
    diff: row.diff,
    changes_summary: changesSummary(row),
    meta: row.meta,
    ip_address: row.ip,
    user_agent: row.user_agent,
    request_id: row.request_id,
    occurred_at: row.at.toISOString(),
  };
}

function base(db: Db, caller: CrmCaller) {
  return db.selectFrom("audit_log").leftJoin("users", "users.id", "audit_log.actor_id")
    .$if(caller.role !== "ADMIN", (qb) => qb.where("audit_log.entity", "in", CRM_AUDIT_ENTITIES));
}

/** Audit entries, newest first. */
export async function listAudit(db: Db, caller: CrmCaller, q: AuditQuery) {
  requireCrmRole(caller, "SUPERVISOR");
  const filtered = base(db, caller)
    .$if(!!q.actor_id, (qb) => qb.where("audit_log.actor_id", "=", q.actor_id!))
    .$if(!!q.entity_type, (qb) => qb.where("audit_log.entity", "=", q.entity_type!))
    .$if(!!q.entity_id, (qb) => qb.where("audit_log.entity_id", "=", q.entity_id!))
    .$if(!!q.action, (qb) => qb.where("audit_log.action", "=", q.action!))
    .$if(!!q.since, (qb) => qb.where("audit_log.at", ">=", q.since!))
    .$if(!!q.until, (qb) => qb.where("audit_log.at", "<=", q.until!));
  const [rows, count] = await Promise.all([
    filtered.selectAll("audit_log").select("users.name as actor_name")
      .orderBy("audit_log.at", "desc").orderBy("audit_log.id", "desc")
      .limit(q.limit).offset(pageOffset(q.page, q.limit)).execute(),
    filtered.select((e) => e.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return pageOf(rows.map(view), q, Number(count.n));
}

/** One audit entry. */
export async function getAudit(db: Db, caller: CrmCaller, id: number) {
  requireCrmRole(caller, "SUPERVISOR");
  const row = await base(db, caller).selectAll("audit_log").select("users.name as actor_name")
    .where("audit_log.id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", `Audit entry ${id} not found`);
  return view(row);
}
