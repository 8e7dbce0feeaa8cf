/**
 * Inputs of the job lists (UI `jobs.*` and `admin.*`), shared so the two
 * routers filter and page the same way.
 *
 * @module
 */
import { z } from "zod";
import { JOB_STATUSES } from "../../db/schema_jobs.ts";
import { pageLimitFields } from "../../platform/paging.ts";

/** A created-at window; both ends optional, `from` inclusive, `to` exclusive. */
export const dateRangeFields = {
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
};

/** `jobs.list` / `admin.jobs.list`. */
export const listJobsInput = z.object({
  type: z.string().min(1).max(200).optional(),
  status: z.enum(JOB_STATUSES).optional(),
  /** `all` is honoured for admins only; others always see their own jobs. */
  scope: z.enum(["own", "all"]).default("own"),
  ...dateRangeFields,
  ...pageLimitFields,
});
/** Parsed {@link listJobsInput}. */
export type ListJobsInput = z.output<typeof listJobsInput>;

/** A job id. */
export const jobIdInput = z.object({ id: z.uuid() });
