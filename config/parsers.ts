/**
 * zod parsers for environment variables: each reads a string (or nothing) and yields a typed
 * value or an issue saying what was expected and what was given.
 *
 * @module
 */
import { z } from "zod";

/** `true/false/1/0/yes/no/on/off`; `fallback` when unset. */
export const bool = (fallback: boolean) =>
  z.string().optional().transform((value, ctx) => {
    if (value === undefined || value === "") return fallback;
    const v = value.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return true;
    if (["0", "false", "no", "off"].includes(v)) return false;
    ctx.addIssue({ code: "custom", message: `expected true or false, got "${value}"` });
    return z.NEVER;
  });

/** An integer within [min, max]. */
export const int = (fallback: number, min: number, max: number) =>
  z.string().optional().transform((value, ctx) => {
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: "custom",
        message: `expected an integer from ${min} to ${max}, got "${value}"`,
      });
      return z.NEVER;
    }
    return n;
  });

/** A finite number ≥ min. */
export const num = (fallback: number, min: number) =>
  z.string().optional().transform((value, ctx) => {
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) {
      ctx.addIssue({ code: "custom", message: `expected a number ≥ ${min}, got "${value}"` });
      return z.NEVER;
    }
    return n;
  });

/** Any text; `fallback` when unset or empty. */
export const text = (fallback: string) =>
  z.string().optional().transform((v) => (v === undefined || v === "" ? fallback : v));

/** Any text, or undefined when unset or empty. */
export const optionalText = z.string().optional().transform((v) => (v ? v : undefined));

/** An absolute URL, or undefined when unset. */
export const url = (what: string) =>
  z.string().optional().transform((value, ctx) => {
    if (!value) return undefined;
    try {
      new URL(value);
      return value;
    } catch {
      ctx.addIssue({ code: "custom", message: `expected ${what} URL, got "${value}"` });
      return z.NEVER;
    }
  });

/** A comma-separated list. */
export const list = (fallback: string[]) =>
  z.string().optional().transform((v) =>
    v === undefined ? fallback : v.split(",").map((s) => s.trim()).filter(Boolean)
  );

/** One of `values` (case-insensitive); `fallback` when unset. */
export function oneOf<const T extends readonly string[]>(values: T, fallback: T[number]) {
  return z.string().optional().transform((value, ctx) => {
    const v = (value || fallback).toLowerCase();
    if ((values as readonly string[]).includes(v)) return v as T[number];
    ctx.addIssue({
      code: "custom",
      message: `expected one of ${values.join(", ")}, got "${value}"`,
    });
    return z.NEVER;
  });
}
