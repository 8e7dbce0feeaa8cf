/**
 * WW reports: the delivery report (JSON, or CSV for spreadsheets with a BOM and a TOTALS row
 * per currency) and the KMP4 export that 1C's КМП4 data processor loads: first line
 * `#KMP4_DELIVERY_REPORT,v1`, then the header
 * `order_id,title,customer_name,status_code,total_amount,currency_code,courier_id,notes,created_at,updated_at`,
 * statuses mapped to KMP4 codes (research section 5), UTF-8 without BOM, CRLF line ends.
 *
 * @module
 */
import { z } from "zod";
import type { OrderStatus } from "../../db/schema_returns.ts";
import { AppError } from "../../platform/errors.ts";
import type { WwDeps } from "./couriers.ts";
import { BOM, type Cell, type CsvDialect, csvLine, spreadsheetSafe } from "../../platform/csv.ts";
import { formatKopecks } from "./money.ts";
import { ORDER_STATUSES } from "./schemas.ts";

/** Both WW files: `,` between fields, control characters dropped (KMP4 refuses them). */
const WW_CSV: CsvDialect = { separator: ",", dropControl: true };

function csvLines(rows: Cell[][]): string {
  return rows.map((row) => csvLine(row, WW_CSV)).join("");
}

/** WW status → KMP4 status code, one to one (an unknown status fails the export loudly). */
export const KMP4_STATUS: Record<OrderStatus, string> = {
  NEW: "new",
  ASSIGNED: "assigned_to_courier",
  IN_TRANSIT: "courier_on_route",
  DONE: "completed",
  REJECTED: "cancelled_by_manager",
  DECLINED: "declined_by_courier",
};
/** The first line of a KMP4 file. */
export const KMP4_MAGIC = "#KMP4_DELIVERY_REPORT,v1";
/** The KMP4 column header. */
export const KMP4_COLUMNS = [
  "order_id",
  "title",
  "customer_name",
  "status_code",
  "total_amount",
  "currency_code",
  "courier_id",
  "notes",
  "created_at",
  "updated_at",
] as const;
/** The most orders one export may hold; narrow the range beyond that. */
export const MAX_EXPORT_ROWS = 100_000;

const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The instants a `date_from`/`date_to` pair covers; a bare date as upper bound is its whole day. */
export function rangeOf(q: { date_from?: string; date_to?: string }): { from?: Date; to?: Date } {
  const from = q.date_from ? new Date(q.date_from) : undefined;
  const to = q.date_to
    ? new Date(new Date(q.date_to).getTime() + (q.date_to.length === 10 ? 86_400_000 - 1 : 0))
    : undefined;
  return { from, to };
}

/** Query of the report and the export: date range on `created_at` (a date covers its UTC day). */
export const reportQuery = z.object({
  date_from: day.optional(),
  date_to: day.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  courier_id: z.string().trim().min(1).max(64).optional(),
  format: z.enum(["json", "csv"]).default("json"),
}).refine((q) => {
  const { from, to } = rangeOf(q);
  return !from || !to || from <= to;
}, { message: "must not be before date_from", path: ["date_to"] });
/** A parsed {@link reportQuery}. */
export type ReportQuery = z.output<typeof reportQuery>;

/** One delivery of the report. */
export interface DeliveryRow {
  order_id: string;
  courier_id: string | null;
  courier_name: string | null;
  status: OrderStatus;
  title: string;
  customer_name: string;
  total_amount: string;
  currency_code: string;
  notes: string | null;
  created_at: string;
  updated_at: string;
  /** Minutes from creation to the last change (to delivery, for DONE orders). */
  duration_min: number;
}

/** The delivery report. */
export interface DeliveryReport {
  items: DeliveryRow[];
  totals: { orders: number; amounts: Record<string, string>; duration_min: number };
}

/** ISO 8601 UTC to the second, as the KMP4 sample file has it (`2024-05-01T12:00:00Z`). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

async function selectOrders(deps: WwDeps, q: ReportQuery) {
  const { from, to } = rangeOf(q);
  let base = deps.db.selectFrom("ww_orders").leftJoin(
    "ww_couriers",
    "ww_couriers.id",
    "ww_orders.courier_id",
  );
  if (from) base = base.where("ww_orders.created_at", ">=", from);
  if (to) base = base.where("ww_orders.created_at", "<=", to);
  if (q.status) base = base.where("ww_orders.status", "=", q.status);
  if (q.courier_id) base = base.where("ww_orders.courier_id", "=", q.courier_id);
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(n) > MAX_EXPORT_ROWS) {
    throw new AppError(
      "UNPROCESSABLE_CONTENT",
      `The range holds ${n} orders; at most ${MAX_EXPORT_ROWS} per export`,
      {
        fields: [{ field: "date_from", message: "narrow the date range", in: "query" }],
      },
    );
  }
  return await base.selectAll("ww_orders").select("ww_couriers.display_name as courier_name")
    .orderBy("ww_orders.created_at").orderBy("ww_orders.id").execute();
}

/** The delivery report of the orders matching `q`, oldest first, with totals. */
export async function deliveryReport(deps: WwDeps, q: ReportQuery): Promise<DeliveryReport> {
  const rows = await selectOrders(deps, q);
  const sums = new Map<string, number>();
  let minutes = 0;
  const items = rows.map((r): DeliveryRow => {
    const duration = Math.max(
      0,
      Math.round((r.updated_at.getTime() - r.created_at.getTime()) / 6_000) / 10,
    );
    minutes += duration;
    sums.set(r.currency_code, (sums.get(r.currency_code) ?? 0) + Number(r.total_kopecks));
    return {
      order_id: r.id,
      courier_id: r.courier_id,
      courier_name: r.courier_name,
      status: r.status,
      title: r.title,
      customer_name: r.customer_name,
      total_amount: formatKopecks(Number(r.total_kopecks)),
      currency_code: r.currency_code,
      notes: r.notes,
      created_at: isoSeconds(r.created_at),
      updated_at: isoSeconds(r.updated_at),
      duration_min: duration,
    };
  });
  const amounts = Object.fromEntries([...sums].sort().map(([c, k]) => [c, formatKopecks(k)]));
  return {
    items,
    totals: { orders: items.length, amounts, duration_min: Math.round(minutes * 10) / 10 },
  };
}

const REPORT_COLUMNS = [
  "order_id",
  "courier_id",
  "courier_name",
  "status",
  "title",
  "customer_name",
  "total_amount",
  "currency_code",
  "created_at",
  "updated_at",
  "duration_min",
] as const;

/** The delivery report as spreadsheet CSV: BOM, header, rows, one TOTALS row per currency. */
export function deliveryReportCsv(report: DeliveryReport): string {
  const rows: Cell[][] = [[...REPORT_COLUMNS]];
  for (const r of report.items) {
    rows.push(REPORT_COLUMNS.map((c) => {
      const v = r[c];
      return typeof v === "string" && ["courier_name", "title", "customer_name"].includes(c)
        ? spreadsheetSafe(v)
        : v;
    }));
  }
  const currencies = Object.entries(report.totals.amounts);
  for (const [currency, amount] of currencies.length ? currencies : [["", "0.00"]]) {
    rows.push([
      "TOTALS",
      "",
      "",
      "",
      "",
      String(report.totals.orders),
      amount,
      currency,
      "",
      "",
      report.totals.duration_min,
    ]);
  }
  return BOM + csvLines(rows);
}

/** The KMP4 file of the orders matching `q`, oldest first. */
export async function kmp4Export(deps: WwDeps, q: ReportQuery): Promise<string> {
  const rows = await selectOrders(deps, q);
  const lines: Cell[][] = [[...KMP4_COLUMNS]];
  for (const r of rows) {
    const code = KMP4_STATUS[r.status];
    if (!code) throw new Error(`Order ${r.id} has a status KMP4 does not know: ${r.status}`);
    lines.push([
      r.id,
      r.title,
      r.customer_name,
      code,
      formatKopecks(Number(r.total_kopecks)),
      r.currency_code,
      r.courier_id,
      r.notes,
      isoSeconds(r.created_at),
      isoSeconds(r.updated_at),
    ]);
  }
  return `${KMP4_MAGIC}\r\n${csvLines(lines)}`;
}

/** A file name for an export covering `q`'s range. */
export function exportFileName(prefix: string, q: ReportQuery, ext: string): string {
  const { from, to } = rangeOf(q);
  const stamp = (d?: Date) => (d ? isoSeconds(d).replace(/[-:]/g, "").replace("Z", "") : "all");
  return `${prefix}_${stamp(from)}_${stamp(to)}.${ext}`;
}
