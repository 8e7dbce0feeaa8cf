/**
 * CSV writing for the WW exports (RFC 4180: `,` separator, CRLF line ends, fields with a
 * separator, quote or line break quoted and quotes doubled).
 *
 * @module
 */

/** A cell: text, a number, or empty. */
export type Cell = string | number | null | undefined;

// KMP4's verifier refuses control characters other than TAB, CR and LF.
// deno-lint-ignore no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** One field, quoted when needed; forbidden control characters are dropped. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value).replace(CONTROL_RE, "");
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows joined as CSV text, each line ended with CRLF. */
export function csvLines(rows: Cell[][]): string {
  return rows.map((row) => row.map(csvField).join(",") + "\r\n").join("");
}

/**
 * Guards a text cell of a spreadsheet-bound file against formula injection (OWASP): a cell
 * starting with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'`. Use on free text only, not
 * on numbers, and not in files a program (1C) parses.
 */
export function spreadsheetSafe(value: string | null): string | null {
  return value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A UTF-8 byte order mark, so Excel opens Cyrillic text correctly. */
export const BOM = "\uFEFF";
