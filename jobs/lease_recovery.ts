/**
 * Recovery of jobs whose worker died: its lease expired without a heartbeat. The sweeper of
 * every worker runs it, so a crashed process's jobs come back whichever worker survives.
 *
 * @module
 */
import type { Db } from "../db/database.ts";
import { withTx } from "../db/tx.ts";
import type { Logger } from "../platform/logger.ts";
import { findExpiredLeases, lockLostLastTries, markDead, retryExpiredLeases } from "./store.ts";
import type { HandlerOptions } from "./types.ts";

/**
 * Jobs whose lease expired: retried when tries are left, else dead with the type's dead hook
 * (`handlers`' `onDead`). The cheap check first keeps an idle sweep to one indexed read.
 */
export async function recoverExpiredLeases(
  db: Db,
  logger: Logger,
  handlers: ReadonlyMap<string, { options: HandlerOptions }>,
): Promise<void> {
  const expired = await findExpiredLeases(db);
  if (!expired.any) return;
  const retried = await retryExpiredLeases(db);
  if (retried) logger.warn("jobs of a lost worker queued again", { count: retried });
  if (!expired.lastTry) return;
  await withTx(db, async (tx) => {
    for (const row of await lockLostLastTries(tx)) {
      const error = `worker lost during try ${row.attempts} (lease expired)`;
      const dead = await markDead(tx, row.id, error);
      await handlers.get(row.type)?.options.onDead?.(tx, dead, error);
      logger.warn("job dead", { job_id: row.id, job_type: row.type, error });
    }
  });
}
