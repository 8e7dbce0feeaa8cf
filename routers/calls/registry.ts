/**
 * Reading the registry: the records of a period in start order, in batches (a 60-day export
 * can hold thousands of calls), as CSV text chunks for the registry file and the seed's read
 * endpoints, or as JSON objects for `export.json`.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CallRecordRow } from "../../db/schema_calls.ts";
import { EXPORT_COLUMNS, registryHeader, registryLine, registryRow } from "./registry_csv.ts";

/** Which records to read. */
export interface RegistryFilter {
  from?: Date;
  to?: Date;
  /** Exact PORTAL_USER_ID. */
  employeeId?: string;
  /** Only records with (true) or without (false) transcript text. */
  hasText?: boolean;
}

/** A record with whether it has transcript text. */
export type RegistryRecord = CallRecordRow & { has_text: boolean };

const BATCH = 500;

/** The matching records, oldest call first, read `BATCH` at a time (keyset paging). */
export async function* registryRecords(
  db: Db,
  filter: RegistryFilter,
): AsyncGenerator<RegistryRecord> {
  let after: { at: Date; id: string } | undefined;
  while (true) {
    let q = db.selectFrom("call_records as r")
      .leftJoin("call_transcripts as t", "t.record_id", "r.id")
      .selectAll("r")
      .select(sql<boolean>`coalesce(t.text <> '', false)`.as("has_text"))
      .orderBy("r.call_started_at").orderBy("r.id").limit(BATCH);
    if (filter.from) q = q.where("r.call_started_at", ">=", filter.from);
    if (filter.to) q = q.where("r.call_started_at", "<=", filter.to);
    if (filter.employeeId !== undefined) q = q.where("r.employee_id", "=", filter.employeeId);
    if (filter.hasText !== undefined) {
      q = q.where(sql<boolean>`coalesce(t.text <> '', false) = ${filter.hasText}`);
    }
    if (after) {
      const a = after;
      q = q.where((eb) =>
        eb.or([
          eb("r.call_started_at", ">", a.at),
          eb.and([eb("r.call_started_at", "=", a.at), eb("r.id", ">", a.id)]),
        ])
      );
    }
    const rows = await q.execute() as RegistryRecord[];
    for (const r of rows) yield r;
    if (rows.length < BATCH) return;
    const last = rows[rows.length - 1];
    after = { at: new Date(last.call_started_at), id: last.id };
  }
}

/**
 * The registry as a stream of UTF-8 CSV: header, then one line per record. With `hasText`
 * the export's 21st column is added.
 */
export function registryCsvStream(
  db: Db,
  filter: RegistryFilter,
  options: { timeZone: string; withHasText?: boolean },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const records = registryRecords(db, filter);
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(registryHeader(options.withHasText ? EXPORT_COLUMNS : undefined)),
        );
        return;
      }
      let chunk = "";
      for (let i = 0; i < 100; i++) {
        const next = await records.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          controller.close();
          return;
        }
        const r = next.value;
        chunk += registryLine(r, options.timeZone, options.withHasText ? r.has_text : undefined);
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await records.return(undefined);
    },
  });
}

/** The JSON form of an export row (cost as a string, as in the seed). */
export function exportObject(r: RegistryRecord, timeZone: string) {
  const row = registryRow(r, timeZone);
  return {
    ...row,
    transcript_path: r.has_text ? row.transcript_path : null,
    has_text: r.has_text,
  };
}

/** The JSON export as a stream of one array. */
export function exportJsonStream(
  db: Db,
  filter: RegistryFilter,
  timeZone: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const records = registryRecords(db, filter);
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = first ? "[" : "";
      for (let i = 0; i < 100; i++) {
        const next = await records.next();
        if (next.done) {
          controller.enqueue(encoder.encode(chunk + "]"));
          controller.close();
          return;
        }
        chunk += (first ? "" : ",") + JSON.stringify(exportObject(next.value, timeZone));
        first = false;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await records.return(undefined);
    },
  });
}
