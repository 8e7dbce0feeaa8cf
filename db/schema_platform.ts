/**
 * Row types of the platform's own tables (users, idempotency keys, audit log).
 *
 * @module
 */
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** A `timestamptz` column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `timestamptz` column with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A `jsonb` column holding `T`. */
export type Json<T = unknown> = ColumnType<T, T, T>;

/** `users`: one identity table for every domain's people. */
export interface UsersTable {
  id: Generated<string>;
  login: string;
  email: string | null;
  phone: string | null;
  name: string;
  password_hash: string;
  roles: string[];
  is_active: Generated<boolean>;
  last_login_at: Date | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}
/** A user row as read. */
export type UserRow = Selectable<UsersTable>;
/** A user row as inserted. */
export type NewUserRow = Insertable<UsersTable>;

/** `idempotency_keys`: stored outcomes of mutations sent with an Idempotency-Key. */
export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  state: "in_flight" | "done";
  response_status: number | null;
  response_headers: Json<Record<string, string>> | null;
  response_body: string | null;
  locked_until: Timestamp;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

/** `audit_log`: who changed what, written in the same transaction as the change. */
export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  before: Json | null;
  after: Json | null;
  diff: Json<Record<string, { from: unknown; to: unknown }>> | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  meta: Json<Record<string, unknown>> | null;
}
/** An audit row as read. */
export type AuditRow = Selectable<AuditLogTable>;

/** The platform's tables, by name. */
export interface PlatformTables {
  users: UsersTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
}
