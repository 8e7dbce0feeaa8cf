/**
 * Environment variables of the 1C exchange (seed 000): where 1C's HTTP service is published and
 * the Basic-auth account fieldhub posts documents with. `config.ts` spreads {@link onecEnv}
 * into its schema and stores {@link onecConfig}'s result as `config.onec`.
 *
 * @module
 */
import { optionalText, url } from "./parsers.ts";

/** The 1C variables, parsed like every other one (see `config/parsers.ts`). */
export const onecEnv = {
  /**
   * Root of the published HTTP service, e.g. `https://1c.example.ru/ut11/hs/fieldhub`; the
   * exchange posts to `<root>/v1/documents/{return|delivery}`. Unset: documents are still
   * written to the outbox and dead-lettered at once, to be replayed once it is configured.
   */
  ONEC_BASE_URL: url("an http(s)://"),
  /** The 1C user of the exchange (Basic auth). */
  ONEC_USER: optionalText,
  /** Its password. */
  ONEC_PASSWORD: optionalText,
};

/** `config.onec`. */
export function onecConfig(env: {
  ONEC_BASE_URL?: string;
  ONEC_USER?: string;
  ONEC_PASSWORD?: string;
}) {
  return {
    baseUrl: env.ONEC_BASE_URL?.replace(/\/+$/, ""),
    user: env.ONEC_USER,
    password: env.ONEC_PASSWORD,
  };
}
