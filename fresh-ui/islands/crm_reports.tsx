/**
 * The report jobs island: asks for an XLSX export (tRPC `reports.export`) and keeps the list of
 * the user's jobs live (`reports.jobs`, polled while any job is queued or running) with
 * progress bars and download links. Without JavaScript the server-rendered list still shows.
 *
 * @module
 */
import { useCallback, useState } from "preact/hooks";
import { BADGE } from "../components/crm_badges.ts";
import { formatTime } from "../components/job_row.tsx";
import { ListTable } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { Dict, Lang } from "../i18n/mod.ts";
import { usePolling } from "../runtime/poll.ts";
import { errorText, type RouterOutputs, uiClient } from "../runtime/trpc.ts";

type Jobs = RouterOutputs["reports"]["jobs"];
type Entity = "objects" | "visits" | "customers";

/** Props of {@link CrmReports} (JSON). */
export interface CrmReportsProps {
  labels: Dict["crm"];
  lang: Lang;
  initial: Jobs | null;
  initialError?: string;
  pollMs: number;
}

/** Export form and live job list. */
export default function CrmReports(
  { labels: l, lang, initial, initialError, pollMs }: CrmReportsProps,
) {
  const [jobs, setJobs] = useState(initial);
  const [entity, setEntity] = useState<Entity>("objects");
  const [error, setError] = useState(initialError);
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setJobs(await uiClient().reports.jobs.query({ page: 1, limit: 20 }));
      setError(undefined);
    } catch (err) {
      setError(fmt(l.loadFailed, { error: errorText(err) }));
    }
  }, [l]);

  const running = jobs?.items.some((j) => j.status === "pending" || j.status === "processing");
  // Polls only while an export runs.
  const live = usePolling(
    useCallback(() => (running ? load() : Promise.resolve()), [running, load]),
    pollMs,
  );

  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const job = await uiClient().reports.export.mutate({ entity, filters: {} } as never);
      setNotice(job.deduplicated ? l.exportSame : l.exportStarted);
      await load();
    } catch (err) {
      setNotice(fmt(l.failed, { error: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section data-crm-reports="true" data-live={live ? "true" : "false"}>
      <form class="filters" onSubmit={start}>
        <label>
          {l.entity}
          <select
            name="entity"
            value={entity}
            onChange={(e) => setEntity((e.currentTarget as HTMLSelectElement).value as Entity)}
          >
            {(["objects", "visits", "customers"] as const).map((k) => (
              <option key={k} value={k}>{l.entities[k]}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !live}>{l.startExport}</button>
        {notice && <span class="live-state" role="status">{notice}</span>}
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <ListTable
        headers={[l.colEntity, l.colStatus, l.colProgress, l.colRows, l.colCreated, ""]}
        empty={l.empty}
        count={jobs?.items.length}
      >
        {jobs?.items.map((j) => (
          <tr key={j.id} data-report-id={j.id} data-status={j.status}>
            <td>{l.entities[j.entity]}</td>
            <td>
              <span class={BADGE[j.status]}>{l.reportStatuses[j.status]}</span>
            </td>
            <td class="progress-cell">
              <progress max={100} value={j.progress} aria-label={l.colProgress} />
              <span class="pct">{j.progress}%</span>
              {j.error_message && <div class="last-error">{j.error_message}</div>}
            </td>
            <td class="num">{j.row_count ?? "—"}</td>
            <td class="times">{formatTime(j.created_at, lang, live)}</td>
            <td>{j.download_url && <a href={j.download_url} download>{l.download}</a>}</td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
