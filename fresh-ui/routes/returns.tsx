/**
 * `/app/returns`: the returns list with filters (status, source, courier, SKU, creation dates)
 * for managers, loaded on the server through tRPC `returns.list`; `?id=<uuid>` shows one return
 * (see `return_detail.tsx`). Filters are a plain GET form, so the page works without JavaScript.
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import { formatTime } from "../components/job_row.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller } from "../trpc_server.ts";
import { RETURN_SOURCES, RETURN_STATUSES } from "../../routers/returns/schemas.ts";
import { renderReturnDetail, STATUS_CLASS } from "./return_detail.tsx";
import { HeadRow } from "./returns_parts.tsx";

const PAGE_SIZE = 20;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Filter {
  status?: (typeof RETURN_STATUSES)[number];
  source?: (typeof RETURN_SOURCES)[number];
  courier_id?: string;
  sku?: string;
  from?: string;
  to?: string;
  page: number;
}

function oneOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return (values as readonly string[]).includes(v ?? "") ? v as T : undefined;
}

function readFilter(url: URL): Filter {
  const q = url.searchParams;
  const text = (name: string) => q.get(name)?.trim().slice(0, 64) || undefined;
  const day = (name: string) => (DAY.test(q.get(name) ?? "") ? q.get(name)! : undefined);
  const page = Number(q.get("page"));
  return {
    status: oneOf(RETURN_STATUSES, q.get("status")),
    source: oneOf(RETURN_SOURCES, q.get("source")),
    courier_id: text("courier_id"),
    sku: text("sku"),
    from: day("from"),
    to: day("to"),
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function query(f: Filter, page: number): string {
  const q = new URLSearchParams();
  for (const k of ["status", "source", "courier_id", "sku", "from", "to"] as const) {
    if (f[k]) q.set(k, f[k]!);
  }
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function renderList(ctx: PageContext) {
  const { t, lang } = ctx;
  const l = t.returns;
  const f = readFilter(ctx.url);
  let error: string | undefined;
  let page;
  try {
    page = await serverCaller(ctx).returns.list({
      status: f.status,
      source: f.source,
      courier_id: f.courier_id,
      sku: f.sku,
      created_from: f.from ? `${f.from}T00:00:00Z` : undefined,
      created_to: f.to ? `${f.to}T23:59:59.999Z` : undefined,
      page: f.page,
      page_size: PAGE_SIZE,
    });
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    error = err.message;
  }
  return (
    <>
      <h1>{l.title}</h1>
      <p class="intro">{l.intro}</p>
      <form class="filters" method="get" data-returns-filters="true">
        <label>
          {l.filterStatus}
          <select name="status">
            <option value="" selected={!f.status}>{l.any}</option>
            {RETURN_STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>{l.statuses[s]}</option>
            ))}
          </select>
        </label>
        <label>
          {l.filterSource}
          <select name="source">
            <option value="" selected={!f.source}>{l.any}</option>
            {RETURN_SOURCES.map((s) => (
              <option value={s} selected={f.source === s}>{l.sources[s]}</option>
            ))}
          </select>
        </label>
        <label>
          {l.filterCourier}
          <input name="courier_id" value={f.courier_id ?? ""} maxLength={64} />
        </label>
        <label>
          {l.filterSku}
          <input name="sku" value={f.sku ?? ""} maxLength={64} />
        </label>
        <label>
          {l.filterFrom}
          <input type="date" name="from" value={f.from ?? ""} />
        </label>
        <label>
          {l.filterTo}
          <input type="date" name="to" value={f.to ?? ""} />
        </label>
        <button type="submit">{l.apply}</button>
        <a href="/app/returns">{l.reset}</a>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <table class="jobs-table" data-returns-table="true">
        <HeadRow
          labels={[
            l.colCreated,
            l.colId,
            l.colStatus,
            l.colSource,
            l.colCourier,
            l.colItems,
            l.colOneC,
          ]}
        />
        <tbody>
          {page?.items.map((r) => (
            <tr data-return-id={r.id} key={r.id}>
              <td class="times">{formatTime(r.created_at, lang, false)}</td>
              <td>
                <a href={`/app/returns?id=${r.id}`}>{r.id.slice(0, 8)}</a>
              </td>
              <td>
                <span class={STATUS_CLASS[r.status]}>{l.statuses[r.status]}</span>
              </td>
              <td>{l.sources[r.source]}</td>
              <td>{r.courier_id}</td>
              <td>
                {fmt(l.lines, { n: r.items.length })}:{" "}
                {r.items.slice(0, 3).map((i) => `${i.sku} × ${i.qty}`).join(", ")}
                {r.items.length > 3 ? ", …" : ""}
              </td>
              <td>{r.onec_document_id ?? "—"}</td>
            </tr>
          ))}
          {page && page.items.length === 0 && (
            <tr>
              <td colSpan={7} class="empty">{l.empty}</td>
            </tr>
          )}
        </tbody>
      </table>
      {page && (
        <nav class="pager">
          <span>{fmt(l.total, { n: page.total_items })}</span>
          {page.page > 1 && <a href={`/app/returns${query(f, page.page - 1)}`}>{l.prev}</a>}
          <span>{fmt(l.page, { page: page.page, pages: Math.max(page.total_pages, 1) })}</span>
          {page.has_next && <a href={`/app/returns${query(f, page.page + 1)}`}>{l.next}</a>}
        </nav>
      )}
    </>
  );
}

function render(ctx: PageContext) {
  const id = ctx.url.searchParams.get("id");
  return id ? renderReturnDetail(ctx, id) : renderList(ctx);
}

/** The returns page. */
export const returnsPage: UiPage = { title: (t) => t.returns.title, render };
