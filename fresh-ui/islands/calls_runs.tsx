/**
 * Export runs of the calls page: a form that starts one (supervisors), and the latest runs with
 * their live progress (calls listed / done / skipped / failed, the run job's progress bar),
 * polled every second through `calls.runs`; a finished run links its registry CSV and its
 * period report (short-lived links from `calls.files`).
 *
 * @module
 */
import { useCallback, useState } from "preact/hooks";
import { ListTable } from "../components/table.tsx";
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";
import { usePolling } from "../runtime/poll.ts";
import { errorText, type RouterOutputs, uiClient } from "../runtime/trpc.ts";

type Run = RouterOutputs["calls"]["runs"][number];

/** Props of {@link CallsRuns} (JSON). */
export interface CallsRunsProps {
  labels: Dict["calls"];
  /** Supervisors and admins may start exports and download files. */
  canManage: boolean;
  defaultDays: number;
  initial: Run[];
  initialError?: string;
  pollMs: number;
}

function RunFiles({ run, labels }: { run: Run; labels: Dict["calls"] }) {
  const [links, setLinks] = useState<{ csv: string; report: string }>();
  const [error, setError] = useState<string>();
  if (!run.csv_path) return null;
  if (links) {
    return (
      <span class="run-files">
        <a href={links.csv}>{labels.registry}</a> · <a href={links.report}>{labels.report}</a>
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        onClick={() =>
          uiClient().calls.files.query({ id: run.id }).then(
            setLinks,
            (e) => setError(errorText(e)),
          )}
      >
        {labels.files}
      </button>
      {error && <span class="error">{error}</span>}
    </>
  );
}

/** The runs section. */
export default function CallsRuns(props: CallsRunsProps) {
  const { labels, canManage, pollMs } = props;
  const [runs, setRuns] = useState(props.initial);
  const [error, setError] = useState(props.initialError);
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setRuns(await uiClient().calls.runs.query({ limit: 10 }));
      setError(undefined);
    } catch (err) {
      setError(fmt(labels.loadFailed, { error: errorText(err) }));
    }
  }, [labels]);
  const live = usePolling(load, pollMs);

  const onStart = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const from = String(form.get("from") ?? "") || undefined;
    const to = String(form.get("to") ?? "") || undefined;
    const days = Number(form.get("days")) || undefined;
    setBusy(true);
    setNotice(undefined);
    try {
      const out = await uiClient().calls.startExport.mutate(
        from || to ? { from, to } : { days },
      );
      setNotice(out.created ? labels.started : labels.resumed);
      await load();
    } catch (err) {
      setNotice(fmt(labels.startFailed, { error: errorText(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="calls-runs" data-live={live ? "true" : "false"}>
      <h2>{labels.runsTitle}</h2>
      {canManage && (
        <form class="filters" method="post" onSubmit={onStart} data-calls-start="true">
          <label>
            {labels.days}
            <input type="number" name="days" min={1} max={3650} value={props.defaultDays} />
          </label>
          <label>
            {labels.from}
            <input type="date" name="from" />
          </label>
          <label>
            {labels.to}
            <input type="date" name="to" />
          </label>
          <button type="submit" disabled={busy}>{busy ? labels.starting : labels.start}</button>
          <span class="live-state">{live ? labels.live : ""}</span>
        </form>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <ListTable
        name="calls-runs"
        headers={[
          labels.colPeriod,
          labels.colStatus,
          labels.colProgress,
          labels.colCounts,
          labels.colResult,
        ]}
        empty={labels.noRuns}
        count={runs.length}
      >
        {runs.map((run) => (
          <tr key={run.id} data-run-id={run.id} data-status={run.status}>
            <td class="times">
              {run.summary
                ? `${run.summary.period_from.slice(0, 10)} — ${run.summary.period_to.slice(0, 10)}`
                : `${run.period_from.slice(0, 10)} — ${run.period_to.slice(0, 10)}`}
            </td>
            <td>
              <span
                class={`status status-${
                  run.status === "in_progress"
                    ? "running"
                    : run.status === "completed"
                    ? "done"
                    : run.status === "error"
                    ? "dead"
                    : "queued"
                }`}
              >
                {labels.runStatuses[run.status]}
              </span>
            </td>
            <td class="progress-cell">
              <progress
                max={100}
                value={run.job?.progress ?? 0}
                aria-label={labels.colProgress}
              />
              <span class="pct">{run.job?.progress ?? 0}%</span>
              {run.job?.message && <div class="progress-message">{run.job.message}</div>}
            </td>
            <td>{fmt(labels.counts, run.counts)}</td>
            <td>
              {run.summary && (
                <div>
                  {fmt(labels.result, {
                    transcribed: run.summary.transcribed,
                    minutes: run.summary.minutes,
                    cost: run.summary.cost_text,
                    currency: run.summary.currency,
                  })}
                </div>
              )}
              {run.error && <div class="last-error">{run.error}</div>}
              {canManage && <RunFiles run={run} labels={labels} />}
            </td>
          </tr>
        ))}
      </ListTable>
    </section>
  );
}
