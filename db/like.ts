/**
 * Text search with `LIKE`/`ILIKE` on user input.
 *
 * @module
 */

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
