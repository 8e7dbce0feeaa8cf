/**
 * Benchmark of seed 000's returns API against real Postgres, beside the machine's ceiling.
 *
 * 1. Creates a scratch database on DATABASE_URL's server (dropped at the end).
 * 2. Ceiling: `bench/returns_ceiling.ts` (a bare `Deno.serve` doing one postgres.js insert)
 *    under `POST` at 64 connections.
 * 3. The service (`main.ts` as a subprocess, RATE_LIMIT_ENABLED=false, APP_ENV=staging so logs
 *    are masked as in production) under `POST /api/v1/returns` with a unique Idempotency-Key per
 *    request, then `GET /api/v1/returns?page_size=50` over the rows the POST phase created.
 * 4. Prints req/s, p50 and p99 of each, and each one's ratio to the ceiling's req/s.
 *
 * The load comes from autocannon (npm, pinned in deno.json) run under Node, not from this file.
 *
 *     DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres deno run -A bench/returns_bench.ts
 *
 * Env: BENCH_DURATION_S (default 10), BENCH_CONNECTIONS (default 64), BENCH_JSON=path to also
 * write the report as JSON. `runReturnsBench()` is exported for `bench/run.ts`.
 *
 * @module
 */
import { openDatabase } from "../db/connect.ts";
import { systemActor } from "../platform/actor.ts";
import { issueTokens } from "../routers/auth/tokens.ts";
import { createUser } from "../routers/auth/users.ts";
import { scratchPostgres } from "./scratch_db.ts";
import {
  type Child,
  freePort,
  type LoadOptions,
  type LoadResult,
  printTable,
  runLoad,
  spawnService,
} from "./load.ts";

/** Options of {@link runReturnsBench}. */
export interface ReturnsBenchOptions {
  databaseUrl: string;
  durationS?: number;
  connections?: number;
  /** Extra environment of the service (experiments, e.g. LOG_LEVEL). */
  serviceEnv?: Record<string, string>;
  /** Progress lines; stderr by default. */
  log?: (line: string) => void;
}

/** The benchmark's outcome. */
export interface ReturnsBenchReport {
  connections: number;
  durationS: number;
  ceiling: LoadResult;
  results: (LoadResult & { ratio: number })[];
}

const ROOT = new URL("../", import.meta.url);
const JWT = {
  secret: `bench-${crypto.randomUUID()}-secret`,
  issuer: "fieldhub",
  accessTtlS: 3600,
  refreshTtlS: 7200,
};
const BODY = JSON.stringify({
  source: "warehouse",
  courier_id: "courier-001",
  items: [{ sku: "SKU-1001", qty: 1, quality: "new", reason_code: "customer_changed_mind" }],
});

async function bearerFor(databaseUrl: string): Promise<string> {
  const db = await openDatabase({ databaseUrl, poolMax: 1 });
  try {
    const user = await createUser({ db: db.db, scryptLogN: 10 }, systemActor(), {
      login: "bench",
      password: "bench-password-1",
      roles: ["ENGINEER", "OPERATOR"],
    });
    return (await issueTokens(JWT, user.id, user.roles)).access_token;
  } finally {
    await db.close();
  }
}

/** Runs the benchmark; every process and the scratch database are gone when it returns. */
export async function runReturnsBench(options: ReturnsBenchOptions): Promise<ReturnsBenchReport> {
  const durationS = options.durationS ?? 10;
  const connections = options.connections ?? 64;
  const log = options.log ?? ((line: string) => console.error(line));
  const scratch = await scratchPostgres(options.databaseUrl, "fieldhub_bench");
  const benchUrl = scratch.url;
  const dataDir = await Deno.makeTempDir({ prefix: "fieldhub-bench-" });
  const children: Child[] = [];
  const load = (label: string, url: string, extra: Partial<LoadOptions> = {}) =>
    runLoad({ label, url, connections, durationS, ...extra });
  try {
    log(
      `ceiling: bare Deno.serve + one postgres.js insert, ${connections} connections, ${durationS}s`,
    );
    const ceilingPort = await freePort();
    const ceilingServer = await spawnService(
      [Deno.execPath(), "run", "-A", new URL("bench/returns_ceiling.ts", ROOT).pathname],
      { DATABASE_URL: benchUrl, PORT: String(ceilingPort) },
      `http://127.0.0.1:${ceilingPort}/`,
      "POST",
    );
    children.push(ceilingServer);
    const ceilingUrl = `http://127.0.0.1:${ceilingPort}/`;
    const post = { method: "POST", body: BODY, headers: { "content-type": "application/json" } };
    await load("warm-up", ceilingUrl, { ...post, durationS: 2 });
    const ceiling = await load("ceiling: Deno.serve + 1 insert", ceilingUrl, post);
    await ceilingServer.stop();

    log("service: main.ts on the same database");
    const port = await freePort();
    const service = await spawnService(
      [Deno.execPath(), "run", "-A", new URL("main.ts", ROOT).pathname],
      {
        DATABASE_URL: benchUrl,
        APP_HOST: "127.0.0.1",
        APP_PORT: String(port),
        APP_ENV: "staging",
        DATA_DIR: dataDir,
        JWT_SECRET: JWT.secret,
        JWT_ISSUER: JWT.issuer,
        RATE_LIMIT_ENABLED: "false",
        ...options.serviceEnv,
      },
      `http://127.0.0.1:${port}/health`,
      "GET",
    );
    children.push(service);
    const token = await bearerFor(benchUrl);
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    const create = {
      method: "POST",
      body: BODY,
      idReplacement: true,
      headers: { ...auth, "content-type": "application/json", "idempotency-key": "bench-[<id>]" },
    };
    await load("warm-up", `${base}/api/v1/returns`, { ...create, durationS: 2 });
    const results = [
      await load("POST /api/v1/returns (unique keys)", `${base}/api/v1/returns`, create),
      await load("GET /api/v1/returns?page_size=50", `${base}/api/v1/returns?page_size=50`, {
        headers: auth,
      }),
    ];
    await service.stop();
    return {
      connections,
      durationS,
      ceiling,
      results: results.map((r) => ({ ...r, ratio: ceiling.rps ? r.rps / ceiling.rps : 0 })),
    };
  } finally {
    for (const child of children) await child.stop();
    await scratch.drop().catch(() => {});
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

/** Prints the report as the benchmarks' common table, ratios against the ceiling. */
export function printReturnsReport(r: ReturnsBenchReport): void {
  printTable(
    `returns (seed 000): ${r.connections} connections, ${r.durationS} s each, real Postgres`,
    [r.ceiling, ...r.results],
    r.ceiling.label,
  );
}

if (import.meta.main) {
  const databaseUrl = Deno.env.get("DATABASE_URL");
  if (!databaseUrl) {
    console.error(
      "returns_bench: set DATABASE_URL to a Postgres server (a scratch database is created on it)",
    );
    Deno.exit(2);
  }
  const report = await runReturnsBench({
    databaseUrl,
    durationS: Number(Deno.env.get("BENCH_DURATION_S") ?? 10),
    connections: Number(Deno.env.get("BENCH_CONNECTIONS") ?? 64),
  });
  printReturnsReport(report);
  const json = Deno.env.get("BENCH_JSON");
  if (json) await Deno.writeTextFile(json, JSON.stringify(report, null, 2));
}
