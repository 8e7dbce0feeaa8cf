/**
 * Page-number pagination as seed 000 defines it: `page` ≥ 1 and `page_size` ≥ 1 in, the
 * envelope `{items, page, page_size, total_items, total_pages, has_next}` out. The original
 * hard-coded a limit of 100 and ignored MAX_PAGE_SIZE; here a larger `page_size` is capped at
 * MAX_PAGE_SIZE and the envelope reports the size actually used.
 *
 * @module
 */
import { z } from "zod";

/** The default page size when the caller sends none (the original's 20). */
export const DEFAULT_PAGE_SIZE = 20;

/** zod fields of the page query (`page`, `page_size`), coerced from query strings. */
export const pageFields = {
  page: z.coerce.number().int().min(1).max(1_000_000).default(1)
    .describe("Page number, from 1"),
  page_size: z.coerce.number().int().min(1).default(DEFAULT_PAGE_SIZE)
    .describe("Items per page; values above MAX_PAGE_SIZE are capped"),
};

/** A page request after capping. */
export interface PageWindow {
  page: number;
  pageSize: number;
  offset: number;
}

/** Caps `page_size` at `maxPageSize` and computes the row offset. */
export function pageWindow(
  query: { page: number; page_size: number },
  maxPageSize: number,
): PageWindow {
  const pageSize = Math.min(query.page_size, maxPageSize);
  return { page: query.page, pageSize, offset: (query.page - 1) * pageSize };
}

/** The list envelope of seed 000. */
export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total_items: number;
  total_pages: number;
  has_next: boolean;
}

/** Wraps one page of `items`; `total_pages` is 0 for an empty result, as in the original. */
export function pageOf<T>(items: T[], total: number, window: PageWindow): Page<T> {
  const totalPages = Math.ceil(total / window.pageSize);
  return {
    items,
    page: window.page,
    page_size: window.pageSize,
    total_items: total,
    total_pages: totalPages,
    has_next: window.page < totalPages,
  };
}

/** zod schema of the envelope around `item`, for OpenAPI. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int(),
    page_size: z.number().int(),
    total_items: z.number().int(),
    total_pages: z.number().int(),
    has_next: z.boolean(),
  });
}
