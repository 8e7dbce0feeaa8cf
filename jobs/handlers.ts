/**
 * The one place where job types are registered on a new queue, so every process (service,
 * worker, scripts) knows the same types. A domain adds one line: its own `register…(queue)`.
 *
 * @module
 */
import { registerCallJobs } from "./calls/register.ts";
import { registerOneCExchange } from "../routers/returns/onec_exchange.ts";
import { registerReportJobs } from "../routers/reports/export_job.ts";
import type { Queue } from "./types.ts";

/** Registers every job type of the service on `queue`. */
export function registerJobHandlers(queue: Queue): void {
  // Outbox targets (`registerOutboxTarget`) and inbox handlers (`registerInboxHandler`) of the
  // integrations are registered here as they are built, e.g.:
  //   registerOutboxTarget(queue, "1c", deliverTo1c);
  registerCallJobs(queue);
  registerOneCExchange(queue);
  registerReportJobs(queue);
}
