/**
 * CSV writing (RFC 4180: CRLF line ends; a field holding the separator, a quote or a line break
 * is quoted, its quotes doubled) in the dialects our exports need: `,` for the WW files, `;`
 * for the call registry.
 *
 * @module
 */

/** A cell: text, a number, or empty. */
export type Cell = string | number | null | undefined;

/** How one file writes its fields. */
export interface CsvDialect {
  separator: "," | ";";
  /** Drop control characters other than TAB, CR and LF (KMP4's verifier refuses them). */
  dropControl?: boolean;
}

// deno-lint-ignore no-control-regex
const CONTROL_RE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** One field, quoted when needed. */
export function csvField(value: Cell, dialect: CsvDialect): string {
  if (value === null || value === undefined) return "";
  const raw = String(value);
  const text = dialect.dropControl ? raw.replace(CONTROL_RE, "") : raw;
  const needsQuotes = text.includes(dialect.separator) || /["\r\n]/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, ended with CRLF. */
export function csvLine(values: Cell[], dialect: CsvDialect): string {
  return values.map((v) => csvField(v, dialect)).join(dialect.separator) + "\r\n";
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
