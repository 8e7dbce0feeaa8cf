/**
 * What each report can hold: per entity, the sheet name, the columns (Russian headers, as the
 * users read them), the filters (the same schema as the entity's list) and the sort. A column
 * reads the API view of a row (so personal data is masked by the one CRM serializer) plus a
 * few looked-up names.
 *
 * @module
 */
import { z } from "zod";
import type { SyncTableName } from "../../db/schema_crm.ts";
import { customerFilters, customerListQuery } from "../crm/schemas/customers.ts";
import { objectFilters, objectListQuery } from "../crm/schemas/objects.ts";
import { visitFilters, visitListQuery } from "../crm/schemas/visits.ts";
import {
  INTEREST_LABELS,
  OBJECT_STATUS_LABELS,
  OBJECT_TYPE_LABELS,
  VISIT_STATUS_LABELS,
} from "../crm/labels.ts";

/** A row as reports see it: the API view plus looked-up names. */
export type ReportRow = Record<string, unknown>;

/** One report column. */
export interface ReportColumn {
  label: string;
  width: number;
  /** Cell value; a Date becomes a date cell. */
  value: (row: ReportRow) => unknown;
}

/** Everything one report kind needs. */
export interface ReportSource {
  sheet: string;
  columns: Record<string, ReportColumn>;
}

const text = (k: string) => (r: ReportRow) => r[k] ?? null;
const date = (k: string) => (r: ReportRow) => (r[k] ? new Date(r[k] as string) : null);
const label = (k: string, labels: Record<string, string>) => (r: ReportRow) =>
  labels[r[k] as string] ?? r[k] ?? null;
const list = (k: string, labels: Record<string, string> = {}) => (r: ReportRow) =>
  ((r[k] as string[] | undefined) ?? []).map((v) => labels[v] ?? v).join(", ");
const yesNo = (k: string) => (r: ReportRow) =>
  r[k] === null || r[k] === undefined ? null : r[k] ? "Да" : "Нет";
const col = (label: string, width: number, value: (r: ReportRow) => unknown): ReportColumn => ({
  label,
  width,
  value,
});

// Columns several kinds share read the same in every sheet.
const ID = col("ID", 38, text("id"));
const CREATED_AT = col("Создан (UTC)", 20, date("created_at"));
const VERSION = col("Версия", 8, text("version"));
const OBJECT_ADDRESS = col("Адрес объекта", 40, text("object_address"));
const INTERESTS = col("Интересы", 24, list("interests", INTEREST_LABELS));

/** The three report kinds. */
export const REPORT_SOURCES: Record<SyncTableName, ReportSource> = {
  objects: {
    sheet: "Объекты",
    columns: {
      id: ID,
      type: col("Тип", 16, label("type", OBJECT_TYPE_LABELS)),
      address: col("Адрес", 40, text("address")),
      city: col("Город", 18, text("city_name")),
      district: col("Район", 20, text("district_name")),
      status: col("Статус", 12, label("status", OBJECT_STATUS_LABELS)),
      tags: col("Теги", 20, list("tags")),
      contact_name: col("Контактное лицо", 24, text("contact_name")),
      contact_phone: col("Телефон контакта", 20, text("contact_phone")),
      responsible: col("Ответственный", 24, text("responsible_name")),
      visits_count: col("Визитов", 10, text("visits_count")),
      last_visit_at: col("Последний визит (UTC)", 20, date("last_visit_at")),
      gps_lat: col("Широта", 12, text("gps_lat")),
      gps_lng: col("Долгота", 12, text("gps_lng")),
      created_at: CREATED_AT,
      updated_at: col("Изменён (UTC)", 20, date("updated_at")),
      version: VERSION,
    },
  },
  visits: {
    sheet: "Визиты",
    columns: {
      id: ID,
      object_address: OBJECT_ADDRESS,
      engineer: col("Инженер", 24, text("engineer_name")),
      status: col("Статус", 14, label("status", VISIT_STATUS_LABELS)),
      scheduled_at: col("Запланирован (UTC)", 20, date("scheduled_at")),
      started_at: col("Начат (UTC)", 20, date("started_at")),
      finished_at: col("Завершён (UTC)", 20, date("finished_at")),
      interests: INTERESTS,
      outcome_text: col("Итог", 40, text("outcome_text")),
      next_action_due_at: col("Следующее действие (UTC)", 22, date("next_action_due_at")),
      object_id: col("ID объекта", 38, text("object_id")),
      customer_id: col("ID клиента", 38, text("customer_id")),
      created_at: CREATED_AT,
      version: VERSION,
    },
  },
  customers: {
    sheet: "Клиенты",
    columns: {
      id: ID,
      full_name: col("ФИО", 28, text("full_name")),
      phone: col("Телефон", 20, text("phone")),
      email: col("E-mail", 24, text("email")),
      object_address: OBJECT_ADDRESS,
      current_provider: col("Провайдер", 18, text("current_provider")),
      provider_rating: col("Оценка провайдера", 10, text("provider_rating")),
      satisfied: col("Доволен", 10, yesNo("satisfied")),
      interests: INTERESTS,
      preferred_call_time: col("Удобное время звонка", 12, text("preferred_call_time")),
      desired_price: col("Желаемая цена, ₽", 14, text("desired_price")),
      gdpr_consent: col("Согласие на обработку ПДн", 12, yesNo("gdpr_consent")),
      notes: col("Заметки", 40, text("notes")),
      last_interaction_at: col("Последний контакт (UTC)", 20, date("last_interaction_at")),
      created_at: CREATED_AT,
      version: VERSION,
    },
  },
};

function columnsOf(entity: SyncTableName) {
  return z.array(z.enum(Object.keys(REPORT_SOURCES[entity].columns) as [string, ...string[]]))
    .min(1).max(50).transform((a) => [...new Set(a)]).optional();
}

/** One entity's export request: its list's filters, the columns to write, its list's sort. */
function exportOf<E extends SyncTableName, F extends z.ZodType, S extends z.ZodType>(
  entity: E,
  filters: F,
  sort: S,
) {
  return z.object({
    entity: z.literal(entity),
    filters,
    columns: columnsOf(entity),
    sort,
  });
}

/** `POST /reports/export` (and preview): the entity's list filters, chosen columns, sort. */
export const exportInput = z.discriminatedUnion("entity", [
  exportOf("objects", objectFilters.default({}), objectListQuery.shape.sort),
  exportOf("visits", visitFilters.default({}), visitListQuery.shape.sort),
  exportOf("customers", customerFilters.default({}), customerListQuery.shape.sort),
]);
/** A parsed export request. */
export type ExportInput = z.output<typeof exportInput>;

/** `POST /reports/preview`: an export request plus how many rows to show (≤ 1,000). */
export const previewInput = z.intersection(
  exportInput,
  z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
);
