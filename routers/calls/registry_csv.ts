/**
 * The call registry, schema v0.2.0 (the seed's `call_registry_schema.yaml`, its last version):
 * exactly these 20 columns in this order, `;`-delimited, a header row, UTF-8 with a byte order
 * mark (Excel reads Cyrillic then), CRLF line ends, dot decimals, RFC 3339 datetimes with the
 * Europe/Moscow offset, E.164 numbers, `text_preview` at most 1024 UTF-8 bytes. The original
 * put `employee` fourth and wrote its internal status; here the status is the schema's.
 *
 * @module
 */
import type { CallRecordRow } from "../../db/schema_calls.ts";
import { BOM, type Cell, type CsvDialect, csvLine } from "../../platform/csv.ts";
import { formatCost } from "./cost.ts";
import { rfc3339 } from "./time.ts";

/** The schema's columns, in order. */
export const REGISTRY_COLUMNS = [
  "run_id",
  "call_id",
  "record_id",
  "datetime_start",
  "direction",
  "from",
  "to",
  "employee",
  "duration_sec",
  "recording_url",
  "transcript_path",
  "summary_path",
  "text_preview",
  "transcription_cost",
  "currency_code",
  "language",
  "status",
  "error_code",
  "retry_count",
  "checksum",
] as const;

/** The b24-calls export adds one column after the schema's 20. */
export const EXPORT_COLUMNS = [...REGISTRY_COLUMNS, "has_text"] as const;

/** The schema's three statuses. */
export type RegistryStatus = "completed" | "transcription_pending" | "error";

/** Longest preview, in UTF-8 bytes. */
export const PREVIEW_MAX_BYTES = 1024;

/** The registry's dialect: `;` between fields. */
const REGISTRY_CSV: CsvDialect = { separator: ";" };

const encoder = new TextEncoder();

/**
 * The start of `text` in at most `maxBytes` UTF-8 bytes, cut between characters (a
 * multi-byte letter is never split), with line breaks folded to spaces.
 *
 * @example
 * ```ts
 * textPreview("Привет", 5); // "Пр" (4 bytes; a third letter would make 6)
 * ```
 */
export function textPreview(text: string, maxBytes = PREVIEW_MAX_BYTES): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (encoder.encode(flat).length <= maxBytes) return flat;
  let out = "";
  let bytes = 0;
  for (const ch of flat) {
    const size = encoder.encode(ch).length;
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** The schema's status of a record: done, still to do (pending, skipped), or failed. */
export function registryStatus(status: CallRecordRow["status"]): RegistryStatus {
  if (status === "completed") return "completed";
  if (status === "error") return "error";
  return "transcription_pending";
}

/** The columns of one record, keyed by the schema's names. */
export function registryRow(
  r: CallRecordRow,
  timeZone: string,
): Record<(typeof REGISTRY_COLUMNS)[number], string | number | null> {
  return {
    run_id: r.run_id,
    call_id: r.call_id,
    record_id: r.record_id,
    datetime_start: rfc3339(new Date(r.call_started_at), timeZone),
    direction: r.direction,
    from: r.from_number,
    to: r.to_number,
    employee: r.employee_id,
    duration_sec: r.duration_sec,
    recording_url: r.recording_url,
    transcript_path: r.status === "completed" ? r.transcript_path : null,
    summary_path: r.summary_path,
    text_preview: r.text_preview,
    transcription_cost: formatCost(r.cost_micros ?? 0),
    currency_code: r.currency_code,
    language: r.language,
    status: registryStatus(r.status),
    error_code: r.status === "skipped" ? r.skip_reason : r.error_code,
    retry_count: Math.max(0, r.attempts - 1),
    checksum: r.checksum,
  };
}

/** The header line of the registry (with the BOM). */
export function registryHeader(columns: readonly string[] = REGISTRY_COLUMNS): string {
  return BOM + csvLine([...columns], REGISTRY_CSV);
}

/** A record as a registry line; `hasText` adds the export's 21st column. */
export function registryLine(r: CallRecordRow, timeZone: string, hasText?: boolean): string {
  const row = registryRow(r, timeZone);
  const values: Cell[] = REGISTRY_COLUMNS.map((c) => row[c]);
  if (hasText !== undefined) values.push(hasText ? "true" : "false");
  return csvLine(values, REGISTRY_CSV);
}
