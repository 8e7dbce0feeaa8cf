/**
 * Russian names of the CRM's enums, as users read them (seed 002's UI labels): the XLSX
 * reports write them and the Russian UI dictionary shows them, from this one place.
 *
 * @module
 */
import type { Interest, ObjectStatus, ObjectType, VisitStatus } from "../../db/schema_crm.ts";

/** Labels of object types and statuses, as the UI shows them. */
export const OBJECT_TYPE_LABELS: Record<ObjectType, string> = {
  MKD: "МКД",
  HOTEL: "Гостиница",
  CAFE: "Кафе",
  SCHOOL: "Школа",
  HOSPITAL: "Больница",
  BUSINESS_CENTER: "Бизнес-центр",
  SHOPPING_CENTER: "Торговый центр",
  OTHER: "Другое",
};
/** Object statuses (seed 002's UI labels). */
export const OBJECT_STATUS_LABELS: Record<ObjectStatus, string> = {
  NEW: "Новый",
  INTEREST: "В работе",
  CALLBACK: "Ожидание",
  REJECTED: "Отказ",
  DONE: "Завершён",
};
/** Visit statuses. */
export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  PLANNED: "Запланирован",
  IN_PROGRESS: "В процессе",
  DONE: "Выполнен",
  CANCELLED: "Отменён",
};
/** Interests. */
export const INTEREST_LABELS: Record<Interest, string> = {
  INTERNET: "Интернет",
  TV: "ТВ",
  CCTV: "Видеонаблюдение",
  BABY_MONITOR: "Радионяня",
  OTHER: "Другое",
};
