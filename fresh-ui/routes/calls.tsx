/**
 * `/app/calls` («Звонки»): export runs with live progress (the `calls_runs` island; supervisors
 * start exports there), full-text search over the transcripts with highlighted snippets, and
 * the list of calls with a retry button on failed or skipped ones; `?id=<uuid>` shows one call
 * with its text (`calls_detail.tsx`). Search and filters are plain GET forms, so the page works
 * without JavaScript.
 *
 * @module
 */
import { Island } from "../components/island.tsx";
import { FilterSelect, FilterText, ListPage, Pager } from "../components/list_page.tsx";
import { oneOf, pageParam, queryString } from "../components/query.ts";
import { ListTable } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import CallsRuns, { type CallsRunsProps } from "../islands/calls_runs.tsx";
import type { PageContext, UiPage } from "../page.ts";
import type { RouterOutputs } from "../runtime/trpc.ts";
import { asJson, serverCaller, tryLoad } from "../trpc_server.ts";
import { canManageCalls, renderCallDetail, RetryButton } from "./calls_detail.tsx";

const PATH = "/app/calls";
const PAGE_SIZE = 25;
const STATUSES = ["completed", "error", "skipped", "queued", "pending"] as const;

interface Filter {
  q: string;
  status?: (typeof STATUSES)[number];
  page: number;
}

function readFilter(url: URL): Filter {
  return {
    q: (url.searchParams.get("q") ?? "").trim().slice(0, 500),
    status: oneOf(STATUSES, url.searchParams.get("status")),
    page: pageParam(url, 100_000),
  };
}

async function render(ctx: PageContext) {
  const id = ctx.url.searchParams.get("id");
  if (id) return await renderCallDetail(ctx, id);
  const l = ctx.t.calls;
  const f = readFilter(ctx.url);
  const caller = serverCaller(ctx);
  const canManage = canManageCalls(ctx);
  const runs = await tryLoad(() => caller.calls.runs({ limit: 10 }));
  const runsProps: CallsRunsProps = {
    labels: l,
    canManage,
    defaultDays: ctx.deps.config.calls.exportDays,
    initial: asJson<RouterOutputs["calls"]["runs"]>(runs.data ?? []),
    initialError: runs.error,
    pollMs: 1_000,
  };
  const hits = f.q
    ? await tryLoad(() => caller.calls.search({ q: f.q, page: f.page, pageSize: PAGE_SIZE }))
    : undefined;
  const list = f.q
    ? undefined
    : await tryLoad(() =>
      caller.calls.list({ status: f.status, page: f.page, pageSize: PAGE_SIZE })
    );
  const total = hits?.data?.total ?? list?.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <ListPage
      title={l.title}
      intro={l.intro}
      above={
        <>
          <Island name="calls_runs" component={CallsRuns} props={runsProps} />
          <h2>{l.searchTitle}</h2>
        </>
      }
      form={{ labels: l, name: "calls-search", path: PATH }}
      fields={
        <>
          <FilterText
            name="q"
            label={l.searchTitle}
            value={f.q}
            maxLength={500}
            placeholder={l.searchPlaceholder}
          />
          <FilterSelect
            name="status"
            label={l.filterStatus}
            value={f.status}
            any={l.any}
            options={STATUSES.map((s) => [s, l.statuses[s]])}
          />
        </>
      }
      error={hits?.error ?? list?.error}
    >
      {hits?.data && (
        <ol class="search-hits" data-calls-hits="true">
          {hits.data.items.map((h) => (
            <li key={h.id} data-record-id={h.id}>
              <a href={`${PATH}?id=${h.id}`}>{h.datetime_start.replace("T", " ")}</a>{" "}
              {l.directions[h.direction]} · {h.from} → {h.to}
              {/* Escaped by the search (markSnippet): only <mark> tags are markup. */}
              <blockquote class="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
            </li>
          ))}
          {hits.data.items.length === 0 && <li class="empty">{l.nothingFound}</li>}
        </ol>
      )}
      {list?.data && (
        <ListTable
          name="calls-table"
          headers={[
            l.colStart,
            l.colCall,
            l.colDirection,
            l.colParties,
            l.colDuration,
            l.colStatus,
            l.colText,
            l.colActions,
          ]}
          empty={l.empty}
          count={list.data.items.length}
        >
          {list.data.items.map((c) => (
            <tr key={c.id} data-call-id={c.id} data-status={c.status}>
              <td class="times">{c.datetime_start.replace("T", " ")}</td>
              <td>
                <a href={`${PATH}?id=${c.id}`}>{c.call_id}</a>
              </td>
              <td>{l.directions[c.direction]}</td>
              <td>{c.from} → {c.to}</td>
              <td class="num">{fmt(l.seconds, { n: c.duration_sec })}</td>
              <td>
                {l.statuses[c.status]}
                {c.reason && <div class="last-error">{fmt(l.reason, { reason: c.reason })}</div>}
              </td>
              <td>
                {c.text_preview
                  ? `${c.text_preview.slice(0, 120)}${c.text_preview.length > 120 ? "…" : ""}`
                  : "—"}
              </td>
              <td>
                <RetryButton canManage={canManage} call={c} labels={l} />
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      <Pager
        labels={l}
        total={fmt(f.q ? l.found : l.total, { n: total })}
        page={f.page}
        pages={pages}
        href={(n) => `${PATH}${queryString(f, n)}`}
      />
    </ListPage>
  );
}

/** The calls page. */
export const callsPage: UiPage = { title: (t) => t.calls.title, render };
