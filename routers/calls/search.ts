/**
 * Full-text search over transcripts, in Russian (`to_tsvector('russian', …)`, the GIN index of
 * migration 0030): the query is read as a web search (`websearch_to_tsquery`: words, "exact
 * phrases", -excluded), results are ranked, and each carries a snippet with the matches in
 * `<mark>`. The snippet is HTML-escaped before the marks go in, so a transcript can never
 * inject markup into the page that shows it. A blank query finds nothing.
 *
 * @module
 */
import { sql } from "kysely";
import type { Actor } from "../../platform/actor.ts";
import type { AppDeps } from "../../platform/deps.ts";
import { pageOffset } from "../../platform/paging.ts";
import { type CallView, callView } from "./calls.ts";

/** Search input. */
export interface SearchInput {
  q: string;
  page: number;
  pageSize: number;
  from?: Date;
  to?: Date;
  direction?: "inbound" | "outbound" | "internal";
  employeeId?: string;
}

/** One hit: the call as lists show it, with a snippet. */
export type SearchHit = CallView & {
  /** HTML: escaped text with the matching words in `<mark>`. */
  snippet: string;
  rank: number;
};

/** A page of hits. */
export interface SearchPage {
  items: SearchHit[];
  total: number;
  page: number;
  page_size: number;
}

// Marks that cannot occur in a transcript, replaced by <mark> after escaping.
const START = "\u0002";
const STOP = "\u0003";

/** Escapes text for HTML and turns the start/stop marks into `<mark>` tags. */
export function markSnippet(raw: string): string {
  return raw.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
    .replaceAll(START, "<mark>").replaceAll(STOP, "</mark>");
}

/**
 * Searches transcripts.
 *
 * @example
 * ```ts
 * const page = await searchTranscripts(deps, actor, { q: "стиральная машина", page: 1, pageSize: 20 });
 * page.items[0].snippet; // "… ремонт <mark>стиральной</mark> <mark>машины</mark> …"
 * ```
 */
export async function searchTranscripts(
  deps: Pick<AppDeps, "db" | "config">,
  actor: Actor,
  input: SearchInput,
): Promise<SearchPage> {
  const q = input.q.trim();
  const empty = { items: [], total: 0, page: input.page, page_size: input.pageSize };
  if (!q) return empty;
  const query = sql`websearch_to_tsquery('russian', ${q})`;
  const matches = sql<boolean>`to_tsvector('russian', t.text) @@ ${query}`;
  let base = deps.db.selectFrom("call_transcripts as t")
    .innerJoin("call_records as r", "r.id", "t.record_id")
    .where(matches);
  if (input.from) base = base.where("r.call_started_at", ">=", input.from);
  if (input.to) base = base.where("r.call_started_at", "<=", input.to);
  if (input.direction) base = base.where("r.direction", "=", input.direction);
  if (input.employeeId) base = base.where("r.employee_id", "=", input.employeeId);
  const counted = await base.select((e) => e.fn.countAll<number>().as("n")).executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  if (!total) return empty;
  const options = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=10, MaxFragments=2`;
  const rows = await base.selectAll("r").select([
    sql<string>`ts_headline('russian', t.text, ${query}, ${options})`.as("headline"),
    sql<number>`ts_rank(to_tsvector('russian', t.text), ${query})`.as("rank"),
  ]).orderBy("rank", "desc").orderBy("r.call_started_at", "desc").orderBy("r.id")
    .limit(input.pageSize).offset(pageOffset(input.page, input.pageSize)).execute();
  return {
    items: rows.map(({ headline, rank, ...r }) => ({
      ...callView(r, actor, deps.config.calls.timeZone),
      snippet: markSnippet(headline),
      rank: Number(rank),
    })),
    total,
    page: input.page,
    page_size: input.pageSize,
  };
}
