/**
 * Page-number pagination for every list, in the two envelopes the seeds fixed and clients
 * already read:
 *
 * - seed 002 (CRM, jobs, admin): `page`/`limit` in, `{items, page, limit, total, pages}` out;
 *   `limit` is 1–100 and a larger one is refused (422 naming `limit`);
 * - seed 000 (returns, WW): `page`/`page_size` in, `{items, page, page_size, total_items,
 *   total_pages, has_next}` out. The original hard-coded a limit of 100 and ignored
 *   MAX_PAGE_SIZE; here a larger `page_size` is capped at MAX_PAGE_SIZE and the envelope
 *   reports the size actually used.
 *
 * Both count pages the same way: `total_pages`/`pages` is 0 for an empty result.
 *
 * @module
 */
import { z } from "zod";

/** The page size when the caller sends none (both seeds' 20). */
export const DEFAULT_PAGE_SIZE = 20;

/** Seed 002's largest `limit`; a larger one is a validation error, not a cap. */
export const MAX_LIMIT = 100;

/** The largest page number accepted (keeps the row offset a safe integer). */
const MAX_PAGE = 1_000_000;

/** Seed 002's page fields for tRPC-only inputs, where numbers arrive as numbers. */
export const pageLimitFields = {
  page: z.number().int().min(1).max(MAX_PAGE).default(1),
  limit: z.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_PAGE_SIZE),
};

/** Seed 002's page query, coerced from query strings (REST) or taken as numbers (tRPC). */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_PAGE_SIZE),
});
/** Parsed {@link pageQuery}. */
export type PageQuery = z.output<typeof pageQuery>;

/** Seed 000's page query fields (`page`, `page_size`), coerced from query strings. */
export const pageSizeFields = {
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1)
    .describe("Page number, from 1"),
  page_size: z.coerce.number().int().min(1).default(DEFAULT_PAGE_SIZE)
    .describe("Items per page; values above MAX_PAGE_SIZE are capped"),
};

/** A page request as rows to read: `pageSize` rows from `offset`. */
export interface PageWindow {
  page: number;
  pageSize: number;
  offset: number;
}

/** The row offset of `page` (from 1) with `pageSize` rows a page. */
export function pageOffset(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}

/** How many pages `total` rows fill; 0 when there are none. */
export function pageCount(total: number, pageSize: number): number {
  return Math.ceil(total / pageSize);
}

/**
 * Seed 000: caps `page_size` at `maxPageSize` (MAX_PAGE_SIZE) and computes the row offset.
 *
 * @example
 * ```ts
 * const window = pageWindow(query, deps.config.maxPageSize);
 * const rows = await q.limit(window.pageSize).offset(window.offset).execute();
 * ```
 */
export function pageWindow(
  query: { page: number; page_size: number },
  maxPageSize: number,
): PageWindow {
  const pageSize = Math.min(query.page_size, maxPageSize);
  return { page: query.page, pageSize, offset: pageOffset(query.page, pageSize) };
}

/** Seed 002's list envelope. */
export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  pages: number;
}

/** Builds seed 002's {@link Page} of `items` out of `total` matching rows. */
export function pageOf<T>(items: T[], q: { page: number; limit: number }, total: number): Page<T> {
  return { items, page: q.page, limit: q.limit, total, pages: pageCount(total, q.limit) };
}

/** Seed 000's list envelope. */
export interface SizedPage<T> {
  items: T[];
  page: number;
  page_size: number;
  total_items: number;
  total_pages: number;
  has_next: boolean;
}

/** Builds seed 000's {@link SizedPage} of `items` out of `total` matching rows. */
export function sizedPageOf<T>(items: T[], total: number, window: PageWindow): SizedPage<T> {
  const totalPages = pageCount(total, window.pageSize);
  return {
    items,
    page: window.page,
    page_size: window.pageSize,
    total_items: total,
    total_pages: totalPages,
    has_next: window.page < totalPages,
  };
}

/** zod schema of seed 000's envelope around `item`, for OpenAPI. */
export function sizedPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    page_size: z.number().int(),
    total_items: z.number().int(),
    total_pages: z.number().int(),
    has_next: z.boolean(),
  });
}
