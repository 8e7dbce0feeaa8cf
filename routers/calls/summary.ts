/**
 * A run's summary: how many calls the period had, how many this run transcribed (new
 * transcriptions only — a re-run does not count again what an earlier run did), how many were
 * skipped and why, how many failed and with which code, and the minutes and cost of this
 * run's transcriptions at WHISPER_RATE_PER_MIN_USD. The CLI prints it as JSON; the period
 * report and the run's `summary` column hold the same numbers.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import type { CallRunRow } from "../../db/schema_calls.ts";
import { COST_CURRENCY, formatCost } from "./cost.ts";
import { rfc3339 } from "./time.ts";

/** The summary of a run. */
export interface RunSummary {
  run_id: string;
  status: string;
  period_from: string;
  period_to: string;
  /** Calls Bitrix24 listed in the period, with or without a recording. */
  calls_found: number;
  /** Of those, recordings stored as records. */
  recordings: number;
  /** Transcribed by this run. */
  transcribed: number;
  /** Already transcribed by an earlier run (not redone). */
  already_transcribed: number;
  skipped: number;
  skipped_by_reason: Record<string, number>;
  failed: number;
  failed_by_code: Record<string, number>;
  /** Billed minutes of this run's transcriptions (each call rounded up). */
  minutes: number;
  /** Their cost, in `currency`. */
  cost: number;
  /** The same cost as the registry writes it. */
  cost_text: string;
  currency: string;
  rate_per_min: number;
  csv_path: string | null;
  report_path: string | null;
}

const KEYS: (keyof RunSummary)[] = [
  "run_id",
  "status",
  "period_from",
  "period_to",
  "calls_found",
  "recordings",
  "transcribed",
  "already_transcribed",
  "skipped",
  "skipped_by_reason",
  "failed",
  "failed_by_code",
  "minutes",
  "cost",
  "cost_text",
  "currency",
  "rate_per_min",
  "csv_path",
  "report_path",
];

/** A stored summary with its keys back in the documented order (jsonb sorts them). */
export function orderedSummary(stored: unknown): RunSummary | null {
  if (!stored || typeof stored !== "object") return null;
  const s = stored as Record<string, unknown>;
  return Object.fromEntries(KEYS.map((k) => [k, s[k] ?? null])) as unknown as RunSummary;
}

/**
 * Counts a run's outcome from the database.
 *
 * @param paths where the registry and report went (once written)
 */
export async function summarizeRun(
  db: Db,
  run: CallRunRow,
  settings: { timeZone: string; ratePerMin: number },
  paths: { csv: string | null; report: string | null },
): Promise<RunSummary> {
  const windows = await db.selectFrom("call_export_windows")
    .select([
      sql<number>`coalesce(sum(calls), 0)`.as("calls"),
      sql<number>`coalesce(sum(no_recording), 0)`.as("no_recording"),
      sql<number>`coalesce(sum(unreadable), 0)`.as("unreadable"),
    ])
    .where("run_id", "=", run.id).executeTakeFirstOrThrow();
  const groups = await db.selectFrom("call_records")
    .select([
      "status",
      "skip_reason",
      "error_code",
      sql<boolean>`transcribed_run_id is not distinct from ${run.id}::uuid`.as("mine"),
      (e) => e.fn.countAll<number>().as("n"),
      sql<number>`coalesce(sum(billed_minutes), 0)`.as("minutes"),
      sql<string>`coalesce(sum(cost_micros), 0)`.as("micros"),
    ])
    .where("run_id", "=", run.id)
    .groupBy(["status", "skip_reason", "error_code", "mine"]).execute();
  const skippedBy: Record<string, number> = {};
  const failedBy: Record<string, number> = {};
  const add = (map: Record<string, number>, key: string, n: number) => {
    if (n > 0) map[key] = (map[key] ?? 0) + n;
  };
  add(skippedBy, "no_recording", Number(windows.no_recording));
  add(skippedBy, "unreadable_row", Number(windows.unreadable));
  let recordings = 0, transcribed = 0, already = 0, minutes = 0, micros = 0n;
  for (const g of groups) {
    const n = Number(g.n);
    recordings += n;
    if (g.status === "completed" && g.mine) {
      transcribed += n;
      minutes += Number(g.minutes);
      micros += BigInt(g.micros);
    } else if (g.status === "completed") already += n;
    else if (g.status === "skipped") add(skippedBy, g.skip_reason ?? "unknown", n);
    else if (g.status === "error") add(failedBy, g.error_code ?? "unknown", n);
  }
  const costText = formatCost(micros);
  return {
    run_id: run.id,
    status: run.status,
    period_from: rfc3339(new Date(run.period_from), settings.timeZone),
    period_to: rfc3339(new Date(run.period_to), settings.timeZone),
    calls_found: Number(windows.calls),
    recordings,
    transcribed,
    already_transcribed: already,
    skipped: Object.values(skippedBy).reduce((a, b) => a + b, 0),
    skipped_by_reason: skippedBy,
    failed: Object.values(failedBy).reduce((a, b) => a + b, 0),
    failed_by_code: failedBy,
    minutes,
    cost: Number(costText),
    cost_text: costText,
    currency: COST_CURRENCY,
    rate_per_min: settings.ratePerMin,
    csv_path: paths.csv,
    report_path: paths.report,
  };
}
