/**
 * The one serializer of CRM rows. Every read path — lists, details, write responses, sync
 * changes and conflicts, exports, previews, audit entries — turns rows into API views here, so
 * personal data is masked by the same rule everywhere:
 *
 * - phones: `+7 (***) ***-**89` (the last two digits stay, so a field engineer can tell two
 *   numbers apart on a call list); a number that is not Russian becomes `***-**89`;
 * - e-mails: `i***@example.ru` (first letter and domain stay);
 * - names are never masked (the engineer has to greet the customer).
 *
 * Masked for ENGINEER; in full for SUPERVISOR (within their cities) and ADMIN; always masked in
 * the audit log, whoever reads it.
 *
 * @module
 */
import type { CrmCustomerRow, CrmObjectRow, CrmVisitRow } from "../../db/schema_crm.ts";
import { crmRoleOf } from "./caller.ts";

/** Whether a view shows personal data in full or masked. */
export type PiiView = "full" | "masked";

/** Masks a phone number, keeping its last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  const digits = phone.replace(/\D/g, "");
  const tail = digits.slice(-2).padStart(2, "*");
  return /^\+7\d{10}$/.test(phone) ? `+7 (***) ***-**${tail}` : `***-**${tail}`;
}

/** Masks an e-mail address, keeping its first character and its domain. */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${email[0]}***${email.slice(at)}`;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const phone = (v: string | null, view: PiiView) => (view === "masked" ? maskPhone(v) : v);
const email = (v: string | null, view: PiiView) => (view === "masked" ? maskEmail(v) : v);

/** The bookkeeping every synced row ends with: who made and last changed it, when, its version. */
function stamps(
  row: Pick<CrmObjectRow, "created_by" | "updated_by" | "created_at" | "updated_at" | "version">,
) {
  return {
    created_by: row.created_by,
    updated_by: row.updated_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    version: row.version,
  };
}

/** An object as the API shows it. */
export function objectView(row: CrmObjectRow, view: PiiView) {
  return {
    id: row.id,
    type: row.type,
    address: row.address,
    city_id: row.city_id,
    district_id: row.district_id,
    gps_lat: row.gps_lat,
    gps_lng: row.gps_lng,
    status: row.status,
    tags: row.tags,
    responsible_user_id: row.responsible_user_id,
    contact_name: row.contact_name,
    contact_phone: phone(row.contact_phone, view),
    visits_count: row.visits_count,
    last_visit_at: iso(row.last_visit_at),
    ...stamps(row),
  };
}
/** An object view. */
export type ObjectView = ReturnType<typeof objectView>;

/** A customer as the API shows it; `desired_price` in roubles (stored in kopecks). */
export function customerView(row: CrmCustomerRow, view: PiiView) {
  return {
    id: row.id,
    object_id: row.object_id,
    unit_id: row.unit_id,
    full_name: row.full_name,
    phone: phone(row.phone, view),
    email: email(row.email, view),
    portrait_text: row.portrait_text,
    current_provider: row.current_provider,
    provider_rating: row.provider_rating,
    satisfied: row.satisfied,
    interests: row.interests,
    preferred_call_time: row.preferred_call_time,
    desired_price: row.desired_price_kopecks === null ? null : row.desired_price_kopecks / 100,
    notes: row.notes,
    gdpr_consent: row.gdpr_consent,
    last_interaction_at: iso(row.last_interaction_at),
    ...stamps(row),
  };
}
/** A customer view. */
export type CustomerView = ReturnType<typeof customerView>;

/** A visit as the API shows it (visits hold no contact data). */
export function visitView(row: CrmVisitRow, _view: PiiView) {
  return {
    id: row.id,
    object_id: row.object_id,
    unit_id: row.unit_id,
    customer_id: row.customer_id,
    engineer_id: row.engineer_id,
    scheduled_at: iso(row.scheduled_at),
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    status: row.status,
    interests: row.interests,
    outcome_text: row.outcome_text,
    next_action_due_at: iso(row.next_action_due_at),
    geo_captured_lat: row.geo_captured_lat,
    geo_captured_lng: row.geo_captured_lng,
    ...stamps(row),
  };
}
/** A visit view. */
export type VisitView = ReturnType<typeof visitView>;

/** A CRM user as lists and cards show it. */
export function userView(
  row: {
    id: string;
    login: string;
    email: string | null;
    phone: string | null;
    name: string;
    roles: string[];
    is_active: boolean;
    last_login_at: Date | null;
    created_at: Date;
  },
  cityIds: string[],
  view: PiiView,
) {
  return {
    id: row.id,
    login: row.login,
    email: email(row.email, view),
    phone: phone(row.phone, view),
    full_name: row.name,
    role: crmRoleOf(row.roles),
    roles: row.roles,
    city_id: cityIds[0] ?? null,
    city_ids: cityIds,
    is_active: row.is_active,
    last_login_at: iso(row.last_login_at),
    created_at: row.created_at.toISOString(),
  };
}
/** A user view. */
export type UserView = ReturnType<typeof userView>;

/** Masks phones and e-mails inside an already built view (audit before/after). */
export function maskView<T extends Record<string, unknown>>(v: T): T {
  const out: Record<string, unknown> = { ...v };
  for (const [k, value] of Object.entries(out)) {
    if (typeof value !== "string") continue;
    if (k === "phone" || k.endsWith("_phone")) out[k] = maskPhone(value);
    else if (k === "email" || k.endsWith("_email")) out[k] = maskEmail(value);
  }
  return out as T;
}
