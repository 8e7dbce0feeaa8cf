/**
 * Row types of the field CRM (seed 002): dictionaries, objects, customers, visits, the cities
 * each user works in, and the offline-sync bookkeeping. `change_seq`, `updated_at` and the
 * advisory lock that orders changes are set by the `crm_stamp_change` trigger.
 *
 * @module
 */
import type { ColumnType, Generated, Selectable } from "kysely";
import type { CreatedAt, Json } from "./schema_platform.ts";

/** Kinds of buildings the field team works with. */
export const OBJECT_TYPES = [
  "MKD",
  "HOTEL",
  "CAFE",
  "SCHOOL",
  "HOSPITAL",
  "BUSINESS_CENTER",
  "SHOPPING_CENTER",
  "OTHER",
] as const;
/** An object's type. */
export type ObjectType = (typeof OBJECT_TYPES)[number];

/** Sales funnel of an object (UI: Новый / В работе / Ожидание / Отказ / Завершён). */
export const OBJECT_STATUSES = ["NEW", "INTEREST", "CALLBACK", "REJECTED", "DONE"] as const;
/** An object's status. */
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

/** A visit's life: planned, started, then completed as DONE or CANCELLED. */
export const VISIT_STATUSES = ["PLANNED", "IN_PROGRESS", "DONE", "CANCELLED"] as const;
/** A visit's status. */
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** Services a customer may want. */
export const INTERESTS = ["INTERNET", "TV", "CCTV", "BABY_MONITOR", "OTHER"] as const;
/** One interest. */
export type Interest = (typeof INTERESTS)[number];

/** Written by the stamping trigger on every insert and update. */
type Stamped = ColumnType<number, never, never>;
type StampedAt = ColumnType<Date, never, never>;

/** `crm_cities`. */
export interface CrmCitiesTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

/** `crm_districts`. */
export interface CrmDistrictsTable {
  id: Generated<string>;
  city_id: string;
  name: string;
  created_at: CreatedAt;
}

/** `crm_user_cities`: the cities a supervisor or engineer works in (their scope). */
export interface CrmUserCitiesTable {
  user_id: string;
  city_id: string;
}

/** Columns every synced table has. */
interface SyncedColumns {
  id: Generated<string>;
  created_by: string | null;
  updated_by: string | null;
  version: Generated<number>;
  change_seq: Stamped;
  deleted_at: Date | null;
  created_at: CreatedAt;
  updated_at: StampedAt;
}

/** `crm_objects`: buildings the team sells to. */
export interface CrmObjectsTable extends SyncedColumns {
  type: ObjectType;
  address: string;
  city_id: string;
  district_id: string | null;
  gps_lat: number | null;
  gps_lng: number | null;
  status: Generated<ObjectStatus>;
  tags: Generated<string[]>;
  responsible_user_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  visits_count: Generated<number>;
  last_visit_at: Date | null;
}
/** An object row as read. */
export type CrmObjectRow = Selectable<CrmObjectsTable>;

/** `crm_customers`: people met at an object. */
export interface CrmCustomersTable extends SyncedColumns {
  object_id: string;
  unit_id: string | null;
  full_name: string | null;
  phone: string | null;
  email: string | null;
  portrait_text: string | null;
  current_provider: string | null;
  provider_rating: number | null;
  satisfied: boolean | null;
  interests: Generated<Interest[]>;
  preferred_call_time: string | null;
  desired_price_kopecks: number | null;
  notes: string | null;
  gdpr_consent: Generated<boolean>;
  last_interaction_at: Date | null;
}
/** A customer row as read. */
export type CrmCustomerRow = Selectable<CrmCustomersTable>;

/** `crm_visits`: an engineer's visit to an object. */
export interface CrmVisitsTable extends SyncedColumns {
  object_id: string;
  unit_id: string | null;
  customer_id: string | null;
  engineer_id: string;
  scheduled_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
  status: Generated<VisitStatus>;
  interests: Generated<Interest[]>;
  outcome_text: string | null;
  next_action_due_at: Date | null;
  geo_captured_lat: number | null;
  geo_captured_lng: number | null;
}
/** A visit row as read. */
export type CrmVisitRow = Selectable<CrmVisitsTable>;

/** The synced tables by their sync name. */
export type SyncTableName = "objects" | "visits" | "customers";

/** `crm_sync_ids`: an offline client's row id and the server id it became. */
export interface CrmSyncIdsTable {
  client_id: string;
  table_name: SyncTableName;
  server_id: string;
  user_id: string | null;
  created_at: CreatedAt;
}

/** `crm_sync_mutations`: the stored result of each applied mutation, per user. */
export interface CrmSyncMutationsTable {
  user_id: string;
  mutation_key: string;
  result: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

/** Where a report job is. */
export type ReportStatus = "pending" | "processing" | "done" | "failed" | "expired";

/** `crm_report_jobs`: an XLSX export a user asked for; its work runs as a platform job. */
export interface CrmReportJobsTable {
  id: Generated<string>;
  owner_id: string;
  entity: SyncTableName;
  filters: Json<Record<string, unknown>>;
  columns: string[];
  sort: string;
  dedup_key: string;
  status: Generated<ReportStatus>;
  job_id: string | null;
  storage_key: string | null;
  file_name: string | null;
  file_size: number | null;
  row_count: number | null;
  error_message: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  completed_at: Date | null;
  expires_at: Date | null;
}
/** A report job row as read. */
export type CrmReportJobRow = Selectable<CrmReportJobsTable>;

/** The CRM's tables, by name. */
export interface CrmTables {
  crm_cities: CrmCitiesTable;
  crm_districts: CrmDistrictsTable;
  crm_user_cities: CrmUserCitiesTable;
  crm_objects: CrmObjectsTable;
  crm_customers: CrmCustomersTable;
  crm_visits: CrmVisitsTable;
  crm_sync_ids: CrmSyncIdsTable;
  crm_sync_mutations: CrmSyncMutationsTable;
  crm_report_jobs: CrmReportJobsTable;
}
