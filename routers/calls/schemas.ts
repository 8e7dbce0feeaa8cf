/**
 * Input schemas of the call-texts API, shared by the REST routes and the tRPC procedures.
 * Dates arrive as text (ISO 8601, with or without an offset; without one they are the
 * registry's wall clock) and are read by {@link readDate}, which knows the configured zone.
 *
 * @module
 */
import { z } from "zod";
import { AppError, type FieldLocation, validationError } from "../../platform/errors.ts";
import { isDateOnly, parseDateTime } from "./time.ts";

const dateText = z.string().trim().min(1).max(40);
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** `GET /api/v1/call-registry`. */
export const registryQuery = z.object({ period_from: dateText, period_to: dateText });

/** `GET /api/v1/b24-calls/export.(csv|json)`. */
export const exportQuery = z.object({
  employee_id: z.string().max(128).optional(),
  date_from: dateText.optional(),
  date_to: dateText.optional(),
  has_text: bool.optional(),
});

/** `POST /api/v1/admin/stt/dlq/{entry_id}/requeue`. */
export const dlqParams = z.object({ entry_id: z.uuid() });

/** Starting an export: `days` back from today, or an explicit `from`/`to`. */
export const startExportInput = z.object({
  days: z.number().int().min(1).max(3650).optional(),
  from: dateText.optional(),
  to: dateText.optional(),
}).refine((v) => !(v.days && (v.from || v.to)), {
  message: "give either days or from/to",
  path: ["days"],
});

/** A run or call id. */
export const idInput = z.object({ id: z.uuid() });

/** Listing calls. */
export const listCallsInput = z.object({
  runId: z.uuid().optional(),
  status: z.enum([
    "pending",
    "queued",
    "downloaded",
    "transcribing",
    "transcribed",
    "completed",
    "skipped",
    "error",
  ]).optional(),
  from: dateText.optional(),
  to: dateText.optional(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

/** Searching transcripts. */
export const searchInput = z.object({
  q: z.string().max(500),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
  from: dateText.optional(),
  to: dateText.optional(),
  direction: z.enum(["inbound", "outbound", "internal"]).optional(),
  employeeId: z.string().max(128).optional(),
});

/**
 * Reads a date parameter. A date without a time means the whole day: its start as a lower
 * bound, its last second as an upper bound (the seed's ranges are inclusive).
 *
 * @throws {AppError} 422 naming the field when the text is not a date
 */
export function readDate(
  value: string,
  field: string,
  timeZone: string,
  bound: "start" | "end",
  where: FieldLocation = "query",
): Date {
  const date = parseDateTime(value, timeZone);
  if (!date) {
    throw validationError([{
      field,
      message: `expected an ISO 8601 date or datetime, got "${value}"`,
      in: where,
    }]);
  }
  return bound === "end" && isDateOnly(value) ? new Date(date.getTime() + 86_399_000) : date;
}

/** Reads an optional pair of bounds; `from` after `to` is a 400 with the seed's title. */
export function readRange(
  from: string | undefined,
  to: string | undefined,
  names: [string, string],
  timeZone: string,
  title: string,
  where: FieldLocation = "query",
): { from?: Date; to?: Date } {
  const a = from === undefined ? undefined : readDate(from, names[0], timeZone, "start", where);
  const b = to === undefined ? undefined : readDate(to, names[1], timeZone, "end", where);
  if (a && b && a.getTime() > b.getTime()) {
    throw new AppError("BAD_REQUEST", `${names[0]} is after ${names[1]}`, {
      title,
      fields: [{ field: names[0], message: `must not be after ${names[1]}`, in: where }],
    });
  }
  return { from: a, to: b };
}
