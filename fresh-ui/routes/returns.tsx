/**
 * `/app/returns`: the returns list with filters (status, source, courier, SKU, creation dates)
 * for managers, loaded on the server through tRPC `returns.list`; `?id=<uuid>` shows one return
 * (see `return_detail.tsx`). Filters are a plain GET form, so the page works without JavaScript.
 *
 * @module
 */
import { FilterSelect, FilterText, ListPage, Pager } from "../components/list_page.tsx";
import { oneOf, pageParam, queryString } from "../components/query.ts";
import { ListTable, TimeCell } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { PageContext, UiPage } from "../page.ts";
import { serverCaller, tryLoad } from "../trpc_server.ts";
import { RETURN_SOURCES, RETURN_STATUSES } from "../../routers/returns/schemas.ts";
import { renderReturnDetail, STATUS_CLASS } from "./return_detail.tsx";

const PATH = "/app/returns";
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

function readFilter(url: URL): Filter {
  const q = url.searchParams;
  const text = (name: string) => q.get(name)?.trim().slice(0, 64) || undefined;
  const day = (name: string) => (DAY.test(q.get(name) ?? "") ? q.get(name)! : undefined);
  return {
    status: oneOf(RETURN_STATUSES, q.get("status")),
    source: oneOf(RETURN_SOURCES, q.get("source")),
    courier_id: text("courier_id"),
    sku: text("sku"),
    from: day("from"),
    to: day("to"),
    page: pageParam(url, 100_000),
  };
}

async function renderList(ctx: PageContext) {
  const { t, lang } = ctx;
  const l = t.returns;
  const f = readFilter(ctx.url);
  const list = await tryLoad(() =>
    serverCaller(ctx).returns.list({
      status: f.status,
      source: f.source,
      courier_id: f.courier_id,
      sku: f.sku,
      created_from: f.from ? `${f.from}T00:00:00Z` : undefined,
      created_to: f.to ? `${f.to}T23:59:59.999Z` : undefined,
      page: f.page,
      page_size: PAGE_SIZE,
    })
  );
  const page = list.data;
  return (
    <ListPage
      title={l.title}
      intro={l.intro}
      form={{ labels: l, name: "returns-filters", path: PATH }}
      fields={
        <>
          <FilterSelect
            name="status"
            label={l.filterStatus}
            value={f.status}
            any={l.any}
            options={RETURN_STATUSES.map((s) => [s, l.statuses[s]])}
          />
          <FilterSelect
            name="source"
            label={l.filterSource}
            value={f.source}
            any={l.any}
            options={RETURN_SOURCES.map((s) => [s, l.sources[s]])}
          />
          <FilterText
            name="courier_id"
            label={l.filterCourier}
            value={f.courier_id}
            maxLength={64}
          />
          <FilterText name="sku" label={l.filterSku} value={f.sku} maxLength={64} />
          <FilterText name="from" label={l.filterFrom} value={f.from} date />
          <FilterText name="to" label={l.filterTo} value={f.to} date />
        </>
      }
      error={list.error}
    >
      <ListTable
        name="returns-table"
        headers={[
          l.colCreated,
          l.colId,
          l.colStatus,
          l.colSource,
          l.colCourier,
          l.colItems,
          l.colOneC,
        ]}
        empty={l.empty}
        count={page?.items.length}
      >
        {page?.items.map((r) => (
          <tr data-return-id={r.id} key={r.id}>
            <TimeCell at={r.created_at} lang={lang} />
            <td>
              <a href={`${PATH}?id=${r.id}`}>{r.id.slice(0, 8)}</a>
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
      </ListTable>
      {page && (
        <Pager
          labels={l}
          total={fmt(l.total, { n: page.total_items })}
          page={page.page}
          pages={Math.max(page.total_pages, 1)}
          href={(n) => `${PATH}${queryString(f, n)}`}
        />
      )}
    </ListPage>
  );
}

function render(ctx: PageContext) {
  const id = ctx.url.searchParams.get("id");
  return id ? renderReturnDetail(ctx, id) : renderList(ctx);
}

/** The returns page. */
export const returnsPage: UiPage = { title: (t) => t.returns.title, render };
