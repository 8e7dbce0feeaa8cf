/**
 * Placeholder filling for labels, in its own module so islands can use it without pulling the
 * dictionaries into the browser bundle (they get their labels as props).
 *
 * @module
 */

/**
 * Fills `{name}` placeholders of a label.
 *
 * @example
 * ```ts
 * fmt("Всего: {n}", { n: 3 }); // "Всего: 3"
 * ```
 */
export function fmt(label: string, vars: Record<string, string | number>): string {
  return label.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
