/**
 * Personal data masking for logs. Two layers, because the seeds leaked both ways: values under
 * sensitive keys are redacted whole, and phone numbers or e-mail addresses that appear inside
 * free text (a log message, a URL's query) are masked in place.
 *
 * Role-based masking of API responses is a domain concern (one serializer per domain); this
 * module only guards what leaves the process as log lines.
 *
 * @module
 */

/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

// Seed 000 masked exactly `from`/`to`, `*_number` call keys and any key containing these words.
const SENSITIVE_KEY_PARTS = [
  "phone",
  "email",
  "token",
  "secret",
  "password",
  "authorization",
  "cookie",
  "passport",
  "otp",
];
const EXACT_KEYS = new Set(["from", "to", "idempotency-key"]);

/** True when a value stored under `key` is personal data or a credential. */
export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase();
  if (EXACT_KEYS.has(k)) return true;
  if (/(^|_)(from|to|caller|callee|phone)_?number$/.test(k) || k.endsWith("_number")) return true;
  return SENSITIVE_KEY_PARTS.some((part) => k.includes(part));
}

const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// International or Russian-style numbers of 10+ digits, with the usual separators.
const PHONE_RE = /(?<![\w/-])(?:\+?\d[\s()-]*){10,15}(?![\w/])/g;

/**
 * Masks phone numbers and e-mail addresses inside free text, keeping the last two digits of a
 * phone and the domain of an e-mail so that lines stay useful for support.
 *
 * @example
 * ```ts
 * maskText("call +7 912 345-67-89 or a@b.ru"); // "call +7***89 or ***@b.ru"
 * ```
 */
export function maskText(text: string): string {
  return text
    .replace(EMAIL_RE, (m) => `***@${m.split("@")[1]}`)
    .replace(PHONE_RE, (m) => {
      const digits = m.replace(/\D/g, "");
      const lead = m.trimStart().startsWith("+") ? "+" + digits[0] : "";
      return `${lead}***${digits.slice(-2)}`;
    });
}

/**
 * Returns a deep copy of `value` with sensitive keys redacted and free text masked.
 * Cycles are cut rather than followed.
 */
export function maskDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return maskText(value);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, seen));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSensitiveKey(k) && v !== null && v !== undefined && v !== ""
      ? REDACTED
      : maskDeep(v, seen);
  }
  return out;
}
