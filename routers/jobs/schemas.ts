/**
 * Inputs and the page envelope of the job lists (UI `jobs.*` and `admin.*`), shared so the two
 * routers filter and page the same way.
 *
 * @module
 */
import { z } from "zod";

/** Statuses a job can have. */
export const JOB_STATUSES = ["queued", "running", "done", "failed", "dead"] as const;

/** `page`/`limit` (seed 002's names), at most 100 a page. */
export const pageFields = {
  page: z.number().int().min(1).max(1_000_000).default(1),
  limit: z.number().int().min(1).max(100).default(20),
};

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
  ...pageFields,
});
/** Parsed {@link listJobsInput}. */
export type ListJobsInput = z.output<typeof listJobsInput>;

/** A job id. */
export const jobIdInput = z.object({ id: z.uuid() });
