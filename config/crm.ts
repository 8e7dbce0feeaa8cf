/**
 * Environment variables of the field CRM (seed 002): its own rate limits and report retention.
 * `config.ts` spreads {@link crmEnv} into its schema and stores {@link crmConfig}'s result as
 * `config.crm`.
 *
 * @module
 */
import { int } from "./parsers.ts";

/** The CRM's variables, parsed like every other one (see `config/parsers.ts`). */
export const crmEnv = {
  /** Seed 002's default limit: requests per minute per caller on each CRM route. */
  CRM_RATE_LIMIT_PER_MIN: int(60, 1, 1_000_000),
  /** Seed 002's export limit: report jobs a user may start in any 5 minutes. */
  CRM_EXPORT_LIMIT_PER_5MIN: int(10, 1, 100_000),
  /** Days a finished report file is kept before the cleanup job deletes it. */
  CRM_REPORT_TTL_DAYS: int(7, 1, 365),
};

/** `config.crm`. */
export function crmConfig(env: {
  CRM_RATE_LIMIT_PER_MIN: number;
  CRM_EXPORT_LIMIT_PER_5MIN: number;
  CRM_REPORT_TTL_DAYS: number;
}) {
  return {
    rateLimitPerMin: env.CRM_RATE_LIMIT_PER_MIN,
    exportLimitPer5Min: env.CRM_EXPORT_LIMIT_PER_5MIN,
    reportTtlDays: env.CRM_REPORT_TTL_DAYS,
  };
}
