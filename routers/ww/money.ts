/**
 * Money at the API edge. Amounts are stored as integer kopecks (no float rounding, ever); the
 * API takes a decimal with at most two fraction digits, as a JSON number (`1234.5`) or string
 * (`"1234.50"`), and shows it as a string with exactly two (`"1234.50"`), the way seed 000's
 * Decimal fields serialised.
 *
 * @module
 */
import { z } from "zod";

/** The largest amount accepted: 10^12 roubles, far below 2^53 kopecks. */
const MAX_KOPECKS = 100_000_000_000_000;
const AMOUNT_RE = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

/**
 * Parses a decimal amount into kopecks; undefined when it is not a valid non-negative amount.
 *
 * @example
 * ```ts
 * toKopecks("1234.5"); // 123450
 * toKopecks(0.1);      // 10
 * toKopecks("1.234");  // undefined
 * ```
 */
export function toKopecks(value: number | string): number | undefined {
  const text = typeof value === "number" ? String(value) : value.trim();
  const m = AMOUNT_RE.exec(text);
  if (!m) return undefined;
  const kopecks = Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
  return kopecks <= MAX_KOPECKS ? kopecks : undefined;
}

/** Formats kopecks as a decimal string with two fraction digits: 123450 → "1234.50". */
export function formatKopecks(kopecks: number): string {
  const sign = kopecks < 0 ? "-" : "";
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** zod schema of an amount in; yields kopecks. */
export const amount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const kopecks = toKopecks(value);
  if (kopecks === undefined) {
    ctx.addIssue({
      code: "custom",
      message: "expected a non-negative amount with at most 2 decimals, e.g. 1234.50",
    });
    return z.NEVER;
  }
  return kopecks;
}).describe("Decimal amount, number or string, at most 2 fraction digits");
