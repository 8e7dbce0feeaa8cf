/**
 * `/app/calls` («Звонки»): export runs with live progress (the `calls_runs` island; supervisors
 * start exports there), full-text search over the transcripts with highlighted snippets, and
 * the list of calls with a retry button on failed or skipped ones; `?id=<uuid>` shows one call
 * with its text (`calls_detail.tsx`). Search and filters are plain GET forms, so the page works
 * without JavaScript.
 *
 * @module
 */
import { TRPCError } from "@trpc/server";
import { Island } from "../components/island.tsx";
import { fmt } from "../i18n/fmt.ts";
import CallRetry from "../islands/call_retry.tsx";
import CallsRuns, { type CallsRunsProps } from "../islands/calls_runs.tsx";
import type { PageContext, UiPage } from "../page.ts";
import type { RouterOutputs } from "../runtime/trpc.ts";
import { asJson, serverCaller } from "../trpc_server.ts";
import { hasRole } from "../../platform/actor.ts";
import { CALLS_MANAGE_ROLES } from "../../routers/calls/roles.ts";
import { renderCallDetail } from "./calls_detail.tsx";
import { HeadRow } from "./returns_parts.tsx";

const PAGE_SIZE = 25;
const STATUSES = ["completed", "error", "skipped", "queued", "pending"] as const;

interface Filter {
  q: string;
  status?: (typeof STATUSES)[number];
  page: number;
}

function readFilter(url: URL): Filter {
  const status = url.searchParams.get("status");
  const page = Number(url.searchParams.get("page"));
  return {
    q: (url.searchParams.get("q") ?? "").trim().slice(0, 500),
    status: (STATUSES as readonly string[]).includes(status ?? "")
      ? status as Filter["status"]
      : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function query(f: Filter, page: number): string {
  const q = new URLSearchParams();
  if (f.q) q.set("q", f.q);
  if (f.status) q.set("status", f.status);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

async function attempt<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await fn() };
  } catch (err) {
    if (!(err instanceof TRPCError) || err.code === "INTERNAL_SERVER_ERROR") throw err;
    return { error: err.message };
  }
}

async function render(ctx: PageContext) {
  const id = ctx.url.searchParams.get("id");
  if (id) return await renderCallDetail(ctx, id);
  const l = ctx.t.calls;
  const f = readFilter(ctx.url);
  const caller = serverCaller(ctx);
  const canManage = hasRole(ctx.actor, "ADMIN", ...CALLS_MANAGE_ROLES);
  const runs = await attempt(() => caller.calls.runs({ limit: 10 }));
  const runsProps: CallsRunsProps = {
    labels: l,
    canManage,
    defaultDays: ctx.deps.config.calls.exportDays,
    initial: asJson<RouterOutputs["calls"]["runs"]>(runs.value ?? []),
    initialError: runs.error,
    pollMs: 1_000,
  };
  const hits = f.q
    ? await attempt(() => caller.calls.search({ q: f.q, page: f.page, pageSize: PAGE_SIZE }))
    : undefined;
  const list = f.q
    ? undefined
    : await attempt(() =>
      caller.calls.list({ status: f.status, page: f.page, pageSize: PAGE_SIZE })
    );
  const total = hits?.value?.total ?? list?.value?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <>
      <h1>{l.title}</h1>
      <p class="intro">{l.intro}</p>
      <Island name="calls_runs" component={CallsRuns} props={runsProps} />
      <h2>{l.searchTitle}</h2>
      <form class="filters" method="get" data-calls-search="true">
        <label>
          {l.searchTitle}
          <input name="q" value={f.q} maxLength={500} placeholder={l.searchPlaceholder} />
        </label>
        <label>
          {l.filterStatus}
          <select name="status">
            <option value="" selected={!f.status}>{l.any}</option>
            {STATUSES.map((s) => (
              <option value={s} selected={f.status === s}>{l.statuses[s]}</option>
            ))}
          </select>
        </label>
        <button type="submit">{l.apply}</button>
        <a href="/app/calls">{l.reset}</a>
      </form>
      {(hits?.error ?? list?.error) && (
        <p class="error" role="alert">{hits?.error ?? list?.error}</p>
      )}
      {hits?.value && (
        <ol class="search-hits" data-calls-hits="true">
          {hits.value.items.map((h) => (
            <li key={h.id} data-record-id={h.id}>
              <a href={`/app/calls?id=${h.id}`}>{h.datetime_start.replace("T", " ")}</a>{" "}
              {l.directions[h.direction]} · {h.from} → {h.to}
              {/* Escaped by the search (markSnippet): only <mark> tags are markup. */}
              <blockquote class="snippet" dangerouslySetInnerHTML={{ __html: h.snippet }} />
            </li>
          ))}
          {hits.value.items.length === 0 && <li class="empty">{l.nothingFound}</li>}
        </ol>
      )}
      {list?.value && (
        <table class="jobs-table" data-calls-table="true">
          <HeadRow
            labels={[
              l.colStart,
              l.colCall,
              l.colDirection,
              l.colParties,
              l.colDuration,
              l.colStatus,
              l.colText,
              l.colActions,
            ]}
          />
          <tbody>
            {list.value.items.map((c) => (
              <tr key={c.id} data-call-id={c.id} data-status={c.status}>
                <td class="times">{c.datetime_start.replace("T", " ")}</td>
                <td>
                  <a href={`/app/calls?id=${c.id}`}>{c.call_id}</a>
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
                  {canManage && (c.status === "error" || c.status === "skipped") && (
                    <Island
                      name="call_retry"
                      component={CallRetry}
                      props={{ id: c.id, labels: l }}
                    />
                  )}
                </td>
              </tr>
            ))}
            {list.value.items.length === 0 && (
              <tr>
                <td colSpan={8} class="empty">{l.empty}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <nav class="pager">
        <span>{fmt(f.q ? l.found : l.total, { n: total })}</span>
        {f.page > 1 && <a href={`/app/calls${query(f, f.page - 1)}`}>{l.prev}</a>}
        <span>{fmt(l.page, { page: f.page, pages })}</span>
        {f.page < pages && <a href={`/app/calls${query(f, f.page + 1)}`}>{l.next}</a>}
      </nav>
    </>
  );
}

/** The calls page. */
export const callsPage: UiPage = { title: (t) => t.calls.title, render };
