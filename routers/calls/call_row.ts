/**
 * From a `voximplant.statistic.get` row to a call record: direction from CALL_TYPE (an
 * extension number on the far side makes it internal), the two parties in E.164 (the schema's
 * `from`/`to`), the employee, the start, and the business key (call id + record id). The
 * original kept raw rows and never mapped these fields.
 *
 * @module
 */
import { CALL_TYPES, type VoxStatisticRow } from "../../integrations/bitrix24/types.ts";
import { normalizePhone } from "../crm/phone.ts";
import { sha256Hex } from "../../platform/hash.ts";

/** The schema's call directions. */
export type Direction = "inbound" | "outbound" | "internal";

/** A listed call, ready to store. */
export interface ListedCall {
  callId: string;
  /** RECORD_FILE_ID, or a digest of CALL_RECORD_URL when the portal gives only the link. */
  recordId: string;
  recordFileId: string | null;
  recordingUrl: string | null;
  direction: Direction;
  from: string;
  to: string;
  employeeId: string | null;
  startedAt: Date;
  durationSec: number;
}

/** What the mapping found wrong with a row (it is then counted, not stored). */
export class BadCallRow extends Error {
  constructor(readonly callId: string, message: string) {
    super(`call ${callId}: ${message}`);
    this.name = "BadCallRow";
  }
}

/** Longest number of digits of an internal extension. */
const EXTENSION_DIGITS = 5;

/**
 * A phone number in E.164 when it is one (Russian spellings `8…`, `7…`, 10 digits; any
 * `+<8–15 digits>`); an extension or a SIP line (`reg12`, `sip7`) stays as the portal wrote it.
 *
 * @example
 * ```ts
 * toE164("8 (916) 123-45-67"); // "+79161234567"
 * toE164("+44 20 7946 0958");  // "+442079460958"
 * toE164("101");               // "101"
 * ```
 */
export function toE164(raw: string | null | undefined): string {
  const text = (raw ?? "").trim();
  if (!text) return "unknown";
  const russian = normalizePhone(text);
  if (russian) return russian;
  const digits = text.replace(/\D/g, "");
  if (/^\+?[\d\s().-]+$/.test(text) && digits.length >= 8 && digits.length <= 15) {
    return `+${digits}`;
  }
  return text;
}

function isExtension(raw: string | null): boolean {
  const text = (raw ?? "").trim();
  return /^\d+$/.test(text) && text.length <= EXTENSION_DIGITS;
}

/** CALL_TYPE → direction: 1 outgoing and 4 callback go out; 2 and 3 come in. */
export function directionOf(row: Pick<VoxStatisticRow, "CALL_TYPE" | "PHONE_NUMBER">): Direction {
  if (isExtension(row.PHONE_NUMBER)) return "internal";
  return row.CALL_TYPE === CALL_TYPES.OUTGOING || row.CALL_TYPE === CALL_TYPES.CALLBACK
    ? "outbound"
    : "inbound";
}

async function urlDigest(url: string): Promise<string> {
  return "url-" + (await sha256Hex(url)).slice(0, 24);
}

/**
 * Maps a row; null when the call has no recording (missed or not recorded).
 *
 * @throws {BadCallRow} when the row lacks an id or a readable start
 */
export async function listedCall(row: VoxStatisticRow): Promise<ListedCall | null> {
  const callId = (row.CALL_ID ?? "").trim();
  if (!callId) throw new BadCallRow(String(row.ID ?? "?"), "no CALL_ID");
  const fileId = (row.RECORD_FILE_ID ?? "").trim() || null;
  const url = (row.CALL_RECORD_URL ?? "").trim() || null;
  if (!fileId && !url) return null;
  const startedAt = new Date(row.CALL_START_DATE);
  if (Number.isNaN(startedAt.getTime())) {
    throw new BadCallRow(
      callId,
      `unreadable CALL_START_DATE ${JSON.stringify(row.CALL_START_DATE)}`,
    );
  }
  const direction = directionOf(row);
  const portal = toE164(row.PORTAL_NUMBER);
  const other = toE164(row.PHONE_NUMBER);
  const duration = Number(row.CALL_DURATION);
  return {
    callId,
    recordId: fileId ?? await urlDigest(url!),
    recordFileId: fileId,
    recordingUrl: url,
    direction,
    from: direction === "inbound" ? other : portal,
    to: direction === "inbound" ? portal : other,
    employeeId: (row.PORTAL_USER_ID ?? "").trim() || null,
    startedAt,
    durationSec: Number.isFinite(duration) && duration > 0 ? Math.round(duration) : 0,
  };
}
