/**
 * The jobs table island: filters, pages, and polls `jobs.list` every second through the typed
 * tRPC client so progress bars move live; admins get a "replay" button on dead jobs. Without
 * JavaScript the server-rendered table and the GET filter form still work.
 *
 * @module
 */
import { useCallback, useState } from "preact/hooks";
import type { JobStatus } from "../../db/schema_jobs.ts";
import { type JobItem, JobRow, STATUS_LABEL } from "../components/job_row.tsx";
import { queryString } from "../components/query.ts";
import { ListTable } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { Dict, Lang } from "../i18n/mod.ts";
import { usePolling } from "../runtime/poll.ts";
import { errorText, type RouterOutputs, uiClient } from "../runtime/trpc.ts";

/** The list filter, mirrored in the page's query string. */
export interface JobsFilter {
  type?: string;
  status?: JobStatus;
  page: number;
}

/** Props of {@link JobsTable} (JSON: they travel to the browser in a data block). */
export interface JobsTableProps {
  labels: Dict["jobs"];
  lang: Lang;
  /** Admins see every user's jobs and may replay dead ones. */
  isAdmin: boolean;
  filter: JobsFilter;
  /** The first page as the server loaded it. */
  initial: RouterOutputs["jobs"]["list"] | null;
  initialError?: string;
  pollMs: number;
}

const PAGE_SIZE = 20;
const STATUSES = Object.keys(STATUS_LABEL) as JobStatus[];

/** The query string of a filter (also the no-JS links). */
function filterQuery(f: JobsFilter): string {
  return queryString(f, f.page);
}

/** The live jobs table. */
export default function JobsTable(props: JobsTableProps) {
  const { labels, lang, isAdmin, pollMs } = props;
  const [filter, setFilter] = useState<JobsFilter>(props.filter);
  const [data, setData] = useState(props.initial);
  const [error, setError] = useState(props.initialError);
  const [notice, setNotice] = useState<string>();
  const [replaying, setReplaying] = useState<string>();

  const load = useCallback(async (f: JobsFilter) => {
    try {
      const page = await uiClient().jobs.list.query({
        type: f.type,
        status: f.status,
        scope: isAdmin ? "all" : "own",
        page: f.page,
        limit: PAGE_SIZE,
      });
      setData(page);
      setError(undefined);
    } catch (err) {
      setError(fmt(labels.loadFailed, { error: errorText(err) }));
    }
  }, [isAdmin, labels]);
  const live = usePolling(useCallback(() => load(filter), [load, filter]), pollMs);

  const apply = (f: JobsFilter) => {
    setFilter(f);
    history.replaceState(null, "", `${location.pathname}${filterQuery(f)}`);
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const type = String(form.get("type") ?? "").trim() || undefined;
    const status = (String(form.get("status") ?? "") || undefined) as JobStatus | undefined;
    apply({ type, status, page: 1 });
  };

  const onReplay = async (id: string) => {
    setReplaying(id);
    try {
      await uiClient().jobs.replay.mutate({ id });
      setNotice(labels.replayed);
      await load(filter);
    } catch (err) {
      setNotice(fmt(labels.replayFailed, { error: errorText(err) }));
    } finally {
      setReplaying(undefined);
    }
  };

  const pageLink = (page: number, text: string) => (
    <a
      href={filterQuery({ ...filter, page })}
      class="pager-link"
      onClick={(e) => {
        e.preventDefault();
        apply({ ...filter, page });
      }}
    >
      {text}
    </a>
  );

  return (
    <section class="jobs" data-live={live ? "true" : "false"}>
      <form class="filters" method="get" onSubmit={onSubmit}>
        <label>
          {labels.filterType}
          <input name="type" value={filter.type ?? ""} maxLength={200} />
        </label>
        <label>
          {labels.filterStatus}
          <select name="status">
            <option value="" selected={!filter.status}>{labels.any}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s} selected={filter.status === s}>
                {labels[STATUS_LABEL[s]]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{labels.apply}</button>
        <span class="live-state">{live ? labels.live : labels.paused}</span>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <ListTable
        headers={[
          labels.colType,
          labels.colStatus,
          labels.colAttempts,
          labels.colProgress,
          labels.colError,
          labels.colTimes,
          labels.colActions,
        ]}
        empty={labels.empty}
        count={data?.items.length}
      >
        {data?.items.map((job: JobItem) => (
          <JobRow
            key={job.id}
            job={job}
            labels={labels}
            lang={lang}
            localTime={live}
            canReplay={isAdmin}
            replaying={replaying === job.id}
            onReplay={onReplay}
          />
        ))}
      </ListTable>
      {data && (
        <nav class="pager">
          <span>{fmt(labels.total, { n: data.total })}</span>
          {data.page > 1 && pageLink(data.page - 1, labels.prev)}
          <span>{fmt(labels.page, { page: data.page })}</span>
          {data.page < data.pages && pageLink(data.page + 1, labels.next)}
        </nav>
      )}
    </section>
  );
}
