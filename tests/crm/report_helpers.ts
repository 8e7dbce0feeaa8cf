/**
 * Report test helpers: wait for a report job to finish, and read an XLSX back with exceljs.
 *
 * @module
 */
import ExcelJS from "exceljs";
import { waitUntil } from "../helpers/wait.ts";
import type { CrmTest, CrmUser, JsonBody } from "./helpers.ts";

/** Polls `GET /reports/jobs/{id}` until it is done or failed (or `timeoutMs` passes). */
export function waitForReport(
  t: CrmTest,
  u: CrmUser,
  id: string,
  timeoutMs = 60_000,
): Promise<JsonBody> {
  return waitUntil(`report ${id} to finish`, async () => {
    const res = await t.rest("GET", `/api/v1/reports/jobs/${id}`, { token: u.token });
    return (res.json.status === "done" || res.json.status === "failed") && res.json;
  }, timeoutMs);
}

/** What a sheet holds. */
export interface SheetSummary {
  name: string;
  header: string[];
  /** Data rows (without the header). */
  rows: number;
  first: unknown[] | undefined;
}

/**
 * Opens an XLSX file with exceljs and summarises its first sheet. exceljs's in-memory reader
 * (JSZip) is used: its streaming reader (unzipper) drops zip entries now and then under
 * Deno's node streams — the same bytes read 15 times gave the sheet name 3–8 times.
 */
export async function readSheet(bytes: Uint8Array): Promise<SheetSummary> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("the workbook has no sheet");
  const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  return {
    name: sheet.name,
    header: values(1).map(String),
    rows: sheet.actualRowCount - 1,
    first: sheet.actualRowCount > 1 ? values(2) : undefined,
  };
}
