/**
 * `calls.retention`: the daily clean-up the seed's runbook asks for — raw recordings after
 * CALLS_RETENTION_RAW_DAYS (90), transcripts after CALLS_RETENTION_TRANSCRIPT_DAYS (180),
 * registries and period reports after CALLS_RETENTION_REGISTRY_DAYS (365); 0 keeps a class.
 * Age is the object's last-modified time (the storage port's `list`), the same on disk and on
 * S3. A transcript's searchable text and preview go with its file; the record stays
 * `completed`, so a later run does not pay to transcribe the call again.
 *
 * The job reschedules itself for 02:00 UTC the next day (the seed's cron time); the dedup key
 * carries the date, so however many instances start, each day has one clean-up.
 *
 * @module
 */
import { sql } from "kysely";
import type { AppDeps } from "../../platform/deps.ts";
import { CALL_JOBS } from "../../routers/calls/job_types.ts";
import type { JobContext, Queue } from "../types.ts";

/** What a clean-up deleted. */
export interface RetentionResult {
  raw: number;
  transcripts: number;
  registries: number;
  /** Transcript texts removed from the database. */
  transcriptRows: number;
}

const DAY_MS = 86_400_000;

function cutoff(days: number, now: Date): Date | null {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS) : null;
}

async function deleteOld(
  deps: Pick<AppDeps, "storage">,
  prefix: string,
  rules: { match: (key: string) => boolean; before: Date | null; deleted: string[] }[],
): Promise<void> {
  if (rules.every((r) => !r.before)) return;
  for await (const entry of deps.storage.list(prefix)) {
    const rule = rules.find((r) => r.match(entry.key));
    if (!rule?.before || entry.lastModified >= rule.before) continue;
    await deps.storage.delete(entry.key);
    rule.deleted.push(entry.key);
  }
}

/**
 * Deletes what is older than the configured ages.
 *
 * @example
 * ```ts
 * const done = await runRetention(deps); // { raw: 12, transcripts: 0, registries: 1, ... }
 * ```
 */
export async function runRetention(
  deps: Pick<AppDeps, "db" | "storage" | "config">,
  now = new Date(),
): Promise<RetentionResult> {
  const days = deps.config.calls.retentionDays;
  const raw = { match: () => true, before: cutoff(days.raw, now), deleted: [] as string[] };
  const transcripts = {
    match: (k: string) => k.includes("/transcripts/"),
    before: cutoff(days.transcripts, now),
    deleted: [] as string[],
  };
  const registries = {
    match: (k: string) => /\/(registry|reports)\//.test(k),
    before: cutoff(days.registries, now),
    deleted: [] as string[],
  };
  await deleteOld(deps, "raw/", [raw]);
  await deleteOld(deps, "exports/", [transcripts, registries]);
  for (let i = 0; i < raw.deleted.length; i += 500) {
    await deps.db.updateTable("call_records").set({ raw_path: null, updated_at: sql`now()` })
      .where("raw_path", "in", raw.deleted.slice(i, i + 500)).execute();
  }
  let transcriptRows = 0;
  if (transcripts.before) {
    const ids = new Set(
      (await deps.db.selectFrom("call_transcripts").select("record_id")
        .where("created_at", "<", transcripts.before).execute()).map((r) => r.record_id),
    );
    for (let i = 0; i < transcripts.deleted.length; i += 500) {
      const rows = await deps.db.selectFrom("call_records").select("id")
        .where("transcript_path", "in", transcripts.deleted.slice(i, i + 500)).execute();
      for (const r of rows) ids.add(r.id);
    }
    const all = [...ids];
    for (let i = 0; i < all.length; i += 500) {
      const batch = all.slice(i, i + 500);
      await deps.db.updateTable("call_records")
        .set({ transcript_path: null, text_preview: null, updated_at: sql`now()` })
        .where("id", "in", batch).execute();
      const r = await deps.db.deleteFrom("call_transcripts").where("record_id", "in", batch)
        .executeTakeFirst();
      transcriptRows += Number(r.numDeletedRows);
    }
  }
  return {
    raw: raw.deleted.length,
    transcripts: transcripts.deleted.length,
    registries: registries.deleted.length,
    transcriptRows,
  };
}

/**
 * 02:00 UTC of the UTC day after `now`'s: the run after one made on `now`'s day. (Today's
 * 02:00 would share today's dedup key with a run made before 02:00 — at start-up — and be
 * dropped as a duplicate, ending the daily chain.)
 */
export function nextRunAt(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 2));
}

/**
 * Makes sure a clean-up is scheduled: one today (now) unless today's already ran; the job
 * then keeps scheduling the next day's (one a UTC day: `at`'s, due after `delayMs`).
 */
export async function scheduleCallRetention(
  queue: Queue,
  at = new Date(),
  delayMs = 0,
): Promise<void> {
  await queue.enqueue(CALL_JOBS.retention, { reschedule: true }, {
    dedupKey: `day:${at.toISOString().slice(0, 10)}`,
    delay: delayMs,
  });
}

/** The job handler. */
export async function retentionJob(
  ctx: JobContext<{ reschedule: boolean }>,
): Promise<RetentionResult> {
  const result = await runRetention(ctx.deps);
  ctx.logger.info("call retention done", { ...result });
  if (ctx.job.payload.reschedule) {
    const now = new Date();
    const at = nextRunAt(now);
    await scheduleCallRetention(ctx.deps.queue, at, at.getTime() - now.getTime());
  }
  return result;
}
