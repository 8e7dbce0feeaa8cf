/**
 * One row of the jobs table: type, status, attempts, a progress bar with its message, the last
 * error, times, and the replay button. Pure rendering, shared by the server render and the
 * `jobs_table` island.
 *
 * @module
 */
import type { JobStatus } from "../../db/schema_jobs.ts";
import { fmt } from "../i18n/fmt.ts";
import type { Dict, Lang } from "../i18n/mod.ts";
import type { RouterOutputs } from "../runtime/trpc.ts";

/** A job as `jobs.list` returns it. */
export type JobItem = RouterOutputs["jobs"]["list"]["items"][number];

/** The label key of each status. */
export const STATUS_LABEL: Record<JobStatus, keyof Dict["jobs"]> = {
  queued: "statusQueued",
  running: "statusRunning",
  done: "statusDone",
  failed: "statusFailed",
  dead: "statusDead",
};

/**
 * Formats a timestamp. The server (and the first browser render, which must match it) shows
 * UTC; once the island is live it shows the browser's own time zone.
 */
export function formatTime(iso: string, lang: Lang, local: boolean): string {
  const f = new Intl.DateTimeFormat(lang === "ru" ? "ru-RU" : "en-GB", {
    dateStyle: "short",
    timeStyle: "medium",
    ...(local ? {} : { timeZone: "UTC" }),
  });
  return `${f.format(new Date(iso))}${local ? "" : " UTC"}`;
}

/** Props of {@link JobRow}. */
export interface JobRowProps {
  job: JobItem;
  labels: Dict["jobs"];
  lang: Lang;
  localTime: boolean;
  canReplay: boolean;
  replaying: boolean;
  onReplay?: (id: string) => void;
}

/** One job. */
export function JobRow(
  { job, labels, lang, localTime, canReplay, replaying, onReplay }: JobRowProps,
) {
  const time = (label: string, at: string | null) =>
    at && <div>{fmt(label, { at: formatTime(at, lang, localTime) })}</div>;
  return (
    <tr data-job-id={job.id} data-status={job.status}>
      <td class="job-type">{job.type}</td>
      <td>
        <span class={`status status-${job.status}`}>{labels[STATUS_LABEL[job.status]]}</span>
      </td>
      <td class="num">{fmt(labels.attempts, { n: job.attempts, max: job.max_attempts })}</td>
      <td class="progress-cell">
        <progress max={100} value={job.progress} aria-label={labels.colProgress} />
        <span class="pct">{job.progress}%</span>
        {job.progress_message && <div class="progress-message">{job.progress_message}</div>}
      </td>
      <td class="last-error">{job.last_error}</td>
      <td class="times">
        {time(labels.created, job.created_at)}
        {time(labels.started, job.started_at)}
        {time(labels.finished, job.finished_at)}
      </td>
      <td>
        {canReplay && job.status === "dead" && (
          <button
            type="button"
            class="replay"
            disabled={replaying}
            onClick={() => onReplay?.(job.id)}
          >
            {replaying ? labels.replaying : labels.replay}
          </button>
        )}
      </td>
    </tr>
  );
}
