/**
 * Opens everything the service depends on, in order: database (migrated), KV, logger,
 * metrics, rate limiter, storage. `main.ts`, the scripts and the test helpers all start here,
 * so they run on the same wiring.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { type DatabaseHandle, openDatabase } from "../db/connect.ts";
import { migrateToLatest } from "../db/migrator.ts";
import type { AppDeps } from "./deps.ts";
import { createLogger, type Logger } from "./logger.ts";
import { HttpMetrics } from "./metrics.ts";
import { RateLimiter } from "./rate_limit.ts";
import { createStorage } from "../storage/factory.ts";
import { registerJobHandlers } from "../jobs/handlers.ts";
import { createQueue, type QueueOptions } from "../jobs/queue.ts";

/** Opened dependencies and how to close them. */
export interface Runtime {
  deps: AppDeps;
  close(): Promise<void>;
}

/** Options of {@link openRuntime}. */
export interface RuntimeOptions {
  /** Use this database instead of opening one from config (tests). */
  database?: DatabaseHandle;
  /** Use this KV instead of opening config.kvPath (tests share one between two apps). */
  kv?: Deno.Kv;
  logger?: Logger;
  /** Skip migrations (the database is known to be current). */
  skipMigrations?: boolean;
  /** Collect process metrics (on in the service; off in tests). */
  defaultMetrics?: boolean;
  /** Queue settings over config (tests and fixtures: short leases, fast sweeps). */
  jobs?: Partial<Omit<QueueOptions, "db" | "logger">>;
}

/** Opens the database of `config`: PGlite under DATA_DIR/pgdata, or DATABASE_URL. */
export function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: `${config.dataDir}/pgdata`,
    poolMax: config.dbPoolMax,
  });
}

/** Opens and wires all dependencies. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ??
    createLogger({ level: config.logLevel, maskPii: config.piiMasking });
  const database = options.database ?? await openConfiguredDatabase(config);
  let kv = options.kv;
  try {
    if (!options.skipMigrations) {
      const { applied } = await migrateToLatest(database.db);
      if (applied.length) logger.info("migrations applied", { applied });
    }
    if (!kv) {
      if (config.kvPath !== ":memory:") {
        await Deno.mkdir(config.kvPath.replace(/\/[^/]*$/, "") || ".", { recursive: true });
      }
      kv = await Deno.openKv(config.kvPath);
    }
  } catch (err) {
    if (!options.database) await database.close();
    throw err;
  }
  const ownKv = !options.kv;
  const theKv = kv;
  const queue = await createQueue({
    backend: config.jobs.backend,
    db: database.db,
    logger,
    maxAttempts: config.jobs.maxAttempts,
    concurrency: config.jobs.concurrency,
    // A handed-in KV means a test instance: its queue stays in memory too.
    kvPath: options.kv ? ":memory:" : config.kvPath,
    ...options.jobs,
  });
  registerJobHandlers(queue);
  const deps: AppDeps = {
    config,
    db: database.db,
    dbKind: database.kind,
    kv: theKv,
    logger,
    metrics: new HttpMetrics({ defaultMetrics: options.defaultMetrics }),
    rateLimiter: new RateLimiter(theKv, config.rateLimit.enabled),
    storage: createStorage(config),
    queue,
    startedAt: Date.now(),
  };
  return {
    deps,
    close: async () => {
      await queue.close(); // drains this process's worker first
      deps.storage.close();
      if (ownKv) theKv.close();
      if (!options.database) await database.close();
    },
  };
}
