/**
 * Liveness and readiness checks.
 *
 * @module
 */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

/** The service name every health answer carries. */
export const SERVICE = "fieldhub";

/** Version reported by /health (set at build time by the Docker image, else "dev"). */
export const VERSION = Deno.env.get("FIELDHUB_VERSION") ?? "dev";

/** Result of {@link checkDatabase}. */
export interface DbCheck {
  ok: boolean;
  latency_ms: number;
  error?: string;
}

/** Runs `select 1` with a timeout; never throws. */
export async function checkDatabase(db: Db, timeoutMs = 2000): Promise<DbCheck> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      sql`select 1`.execute(db),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return {
      ok: false,
      latency_ms: Math.round(performance.now() - started),
      error: (err as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The seed 000 ping body. */
export function pong() {
  return { status: "pong" as const, timestamp: new Date().toISOString(), service: SERVICE };
}
