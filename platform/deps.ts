/**
 * What the composition root hands to the app, routers and jobs. Domain functions take a
 * narrower slice of it (`Pick<AppDeps, "db" | ...>`), so their signatures say what they use.
 *
 * @module
 */
import type { Config } from "../config.ts";
import type { DatabaseKind } from "../db/connect.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "./logger.ts";
import type { HttpMetrics } from "./metrics.ts";
import type { RateLimiter } from "./rate_limit.ts";
import type { Storage } from "../storage/storage.ts";
import type { Queue } from "../jobs/types.ts";

/** The service's shared dependencies. */
export interface AppDeps {
  config: Config;
  db: Db;
  dbKind: DatabaseKind;
  kv: Deno.Kv;
  logger: Logger;
  metrics: HttpMetrics;
  rateLimiter: RateLimiter;
  /** Blobs: recordings, exports, photos (storage/storage.ts; local dir or S3). */
  storage: Storage;
  /** Background jobs (jobs/types.ts; KV or Postgres transport over the `jobs` table). */
  queue: Queue;
  /** Process start, for uptime in /health. */
  startedAt: number;
}
