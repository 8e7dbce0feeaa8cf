/**
 * The database as Kysely sees it: every table of every area. Each area declares its tables in
 * its own `schema_<area>.ts` as a `<Area>Tables` interface; this file only joins them (add one
 * name to the `extends` list).
 *
 * @module
 */
import type { Kysely, Transaction } from "kysely";
import type { CallsTables } from "./schema_calls.ts";
import type { CrmTables } from "./schema_crm.ts";
import type { JobsTables } from "./schema_jobs.ts";
import type { PlatformTables } from "./schema_platform.ts";
import type { ReturnsTables } from "./schema_returns.ts";

/** All tables, by name. */
export interface Database
  extends PlatformTables, ReturnsTables, CrmTables, JobsTables, CallsTables {}

/** A connection pool or a transaction: what domain functions receive as `deps.db`. */
export type Db = Kysely<Database>;
/** An open transaction. */
export type Tx = Transaction<Database>;
