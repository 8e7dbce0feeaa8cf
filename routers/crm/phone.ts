/**
 * Russian phone numbers as the CRM stores them: `+7XXXXXXXXXX`. Field engineers type them in
 * every form (`8 912 345-67-89`, `+7 (912) 345-67-89`, `9123456789`); all become one key, so
 * the unique index on customers' phones catches duplicates whatever the spelling.
 *
 * @module
 */
import { z } from "zod";

/**
 * The normal form of `input`, or null when it is not a Russian number.
 *
 * @example
 * ```ts
 * normalizePhone("+7 (912) 345-67-89"); // "+79123456789"
 * normalizePhone("8 912 345 67 89");    // "+79123456789"
 * normalizePhone("call me");            // null
 * ```
 */
export function normalizePhone(input: string): string | null {
  const text = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, "");
  if (digits.length === 11 && (digits[0] === "7" || digits[0] === "8")) {
    return `+7${digits.slice(1)}`;
  }
  if (digits.length === 10 && !text.startsWith("+")) return `+7${digits}`;
  return null;
}

/** zod: a phone in any usual spelling, stored normalized; anything else is a 422. */
export const phoneSchema = z.string().max(32).transform((value, ctx) => {
  const normal = normalizePhone(value);
  if (normal) return normal;
  ctx.addIssue({
    code: "custom",
    message: `expected a Russian phone number such as +7 912 345-67-89, got "${value}"`,
  });
  return z.NEVER;
});
