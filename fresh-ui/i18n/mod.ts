/**
 * Languages of the UI: Russian by default, English on request (`?lang=en`, then remembered in
 * the `fh_lang` cookie). Islands import only {@link fmt} and the types from here; the
 * dictionaries reach them as JSON props.
 *
 * @module
 */
import { en } from "./en.ts";
import { type Dict, ru } from "./ru.ts";

export type { Dict };

/** A language the UI speaks. */
export type Lang = "ru" | "en";

/** Every language, the default first. */
export const LANGS: readonly Lang[] = ["ru", "en"];

/** The dictionaries, by language. */
export const DICTS: Record<Lang, Dict> = { ru, en };

/** The cookie remembering the chosen language. */
export const LANG_COOKIE = "fh_lang";

/** Narrows any string to a language, or undefined. */
export function asLang(value: string | null | undefined): Lang | undefined {
  return value === "ru" || value === "en" ? value : undefined;
}

export { fmt } from "./fmt.ts";
