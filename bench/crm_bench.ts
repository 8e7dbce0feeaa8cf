/**
 * Field CRM benchmark (issue 4): offline push of 500 mutations, one `/sync/changes` page of
 * 1,000 rows, an XLSX export of 100,000 visits (time and peak RSS), and the objects list with
 * filters under 32 connections (autocannon). Runs on DATABASE_URL (a fresh database, dropped
 * afterwards) or on an embedded PGlite in a temporary folder.
 *
 * `deno run -A bench/crm_bench.ts [--duration 10] [--connections 32] [--visits 100000]`,
 * or `runCrmBench()` from `bench/run.ts`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import { systemActor } from "../platform/actor.ts";
import { openRuntime } from "../platform/bootstrap.ts";
import type { Role } from "../routers/auth/roles.ts";
import { issueTokens } from "../routers/auth/tokens.ts";
import { createUser } from "../routers/auth/users.ts";
import { seedCrm } from "./crm_seed.ts";
import { scratchPostgres } from "./scratch_db.ts";
import { type LoadResult, printTable, runLoad, startServer } from "./load.ts";

/** Options of {@link runCrmBench}. */
export interface CrmBenchOptions {
  durationS: number;
  connections: number;
  /** Visits seeded (and exported); 100,000 by default. */
  visits?: number;
}

/** Figures of one run. */
export interface CrmBenchResult {
  engine: string;
  pushMs: number[];
  replayMs: number;
  changesMs: { admin: number[]; engineer: number[] };
  export: { seconds: number; rows: number; bytes: number; peakRssMb: number; baseRssMb: number };
  list: LoadResult[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs the CRM benchmark and prints its tables. */
export async function runCrmBench(o: CrmBenchOptions): Promise<CrmBenchResult> {
  const visits = o.visits ?? 100_000;
  const dataDir = await Deno.makeTempDir({ prefix: "fieldhub-crm-bench-" });
  const base = Deno.env.get("DATABASE_URL");
  const pg = base ? await scratchPostgres(base, "fieldhub_bench_crm") : undefined;
  const env: Record<string, string> = {
    APP_ENV: "test",
    DATA_DIR: dataDir,
    DATABASE_URL: pg?.url ?? "",
    JWT_SECRET: `bench-${crypto.randomUUID()}`,
    RATE_LIMIT_ENABLED: "false",
    LOG_LEVEL: "WARNING",
    STORAGE_BACKEND: "local",
    LOCAL_STORAGE_DIR: `${dataDir}/storage`,
    PASSWORD_SCRYPT_LOG_N: "10",
  };
  const config = loadConfig({ ...Deno.env.toObject(), ...env });
  try {
    const runtime = await openRuntime(config);
    const { deps } = runtime;
    const app = createApp(deps);
    let result: Omit<CrmBenchResult, "list">;
    const tokens: Record<string, string> = {};
    let query: { city: string; lat: number; lng: number };
    try {
      const cities = (await deps.db.selectFrom("crm_cities").select("id").orderBy("name").execute())
        .map((c) => c.id);
      const users: Record<string, string> = {};
      for (const role of ["ADMIN", "SUPERVISOR", "ENGINEER"] as Role[]) {
        const u = await createUser({ db: deps.db, scryptLogN: 10 }, systemActor(), {
          login: `bench_${role.toLowerCase()}`,
          password: "bench-password",
          roles: [role],
        });
        users[role] = u.id;
        for (const city of role === "SUPERVISOR" ? cities.slice(0, 1) : cities) {
          await deps.db.insertInto("crm_user_cities").values({ user_id: u.id, city_id: city })
            .execute();
        }
        tokens[role] = (await issueTokens(config.jwt, u.id, [role])).access_token;
      }
      const t0 = performance.now();
      const seeded = await seedCrm(deps.db, users.ENGINEER, {
        objects: 20_000,
        customers: 10_000,
        visits,
      });
      console.log(
        `seeded 20,000 objects, 10,000 customers, ${visits} visits in ${
          Math.round(performance.now() - t0)
        } ms`,
      );
      query = { city: seeded.cityIds[0], lat: 55.5, lng: 37.5 };
      const call = async (role: string, method: string, path: string, body?: unknown) => {
        const res = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (res.status >= 300) {
          throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
        }
        return await res.json();
      };

      const pushMs: number[] = [];
      let batch: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        batch = Array.from({ length: 500 }, (_, k) => ({
          client_generated_id: crypto.randomUUID(),
          table_name: "visits",
          payload: { object_id: seeded.objectIds[k % seeded.objectIds.length], interests: ["TV"] },
        }));
        pushMs.push(
          await timed(async () => {
            const r = await call("ENGINEER", "POST", "/api/v1/sync/batch", { items: batch });
            if (r.applied_count !== 500) throw new Error(`push applied ${r.applied_count}`);
          }),
        );
      }
      const replayMs = await timed(() =>
        call("ENGINEER", "POST", "/api/v1/sync/batch", { items: batch })
      );

      const changesMs = { admin: [] as number[], engineer: [] as number[] };
      for (let i = 0; i < 10; i++) {
        for (const [role, key] of [["ADMIN", "admin"], ["ENGINEER", "engineer"]] as const) {
          changesMs[key].push(
            await timed(async () => {
              const page = await call(role, "GET", "/api/v1/sync/changes?cursor=0&limit=1000");
              if (page.items.length !== 1000) throw new Error("short changes page");
            }),
          );
        }
      }

      await deps.queue.start(deps);
      const baseRss = Deno.memoryUsage().rss;
      let peak = baseRss;
      const sampler = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 20);
      const e0 = performance.now();
      const job = await call("ENGINEER", "POST", "/api/v1/reports/export", { entity: "visits" });
      let done: Record<string, unknown> = job;
      while (done.status !== "done" && done.status !== "failed") {
        await new Promise((r) => setTimeout(r, 100));
        done = await call("ENGINEER", "GET", `/api/v1/reports/jobs/${job.id}`);
      }
      const seconds = (performance.now() - e0) / 1000;
      clearInterval(sampler);
      if (done.status !== "done") throw new Error(`export failed: ${done.error_message}`);
      await deps.queue.stop();
      result = {
        engine: deps.dbKind,
        pushMs,
        replayMs,
        changesMs,
        export: {
          seconds,
          rows: done.row_count as number,
          bytes: done.file_size as number,
          peakRssMb: peak / 1e6,
          baseRssMb: baseRss / 1e6,
        },
      };
    } finally {
      await runtime.close();
    }

    // The list under load: the real service in its own process, autocannon in another.
    const server = await startServer(new URL("./platform_server.ts", import.meta.url).pathname, {
      ...Deno.env.toObject(),
      ...env,
    });
    const list: LoadResult[] = [];
    try {
      const common = { connections: o.connections, durationS: o.durationS };
      const auth = (role: string) => ({ authorization: `Bearer ${tokens[role]}` });
      const filtered =
        `${server.url}/api/v1/objects?city_id=${query.city}&status=INTEREST&limit=20`;
      await runLoad({
        ...common,
        durationS: 2,
        url: filtered,
        headers: auth("SUPERVISOR"),
        label: "warm-up",
      });
      list.push(
        await runLoad({
          ...common,
          url: filtered,
          headers: auth("SUPERVISOR"),
          label: "GET /objects city+status (SUPERVISOR)",
        }),
      );
      list.push(
        await runLoad({
          ...common,
          url:
            `${server.url}/api/v1/objects?near_lat=${query.lat}&near_lng=${query.lng}&radius_km=5&type=CAFE`,
          headers: auth("ADMIN"),
          label: "GET /objects near 5 km + type (ADMIN, GIST)",
        }),
      );
      list.push(
        await runLoad({
          ...common,
          url: `${server.url}/trpc/crm.objects.list?input=${
            encodeURIComponent(
              JSON.stringify({ city_id: query.city, status: "INTEREST", limit: 20 }),
            )
          }`,
          headers: auth("ENGINEER"),
          label: "tRPC crm.objects.list city+status (ENGINEER)",
        }),
      );
    } finally {
      await server.stop();
    }
    const out = { ...result, list };
    report(out, o);
    return out;
  } finally {
    await pg?.drop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

function report(r: CrmBenchResult, o: CrmBenchOptions) {
  console.log(`\n## CRM (${r.engine})\n`);
  console.log("| measure | value |");
  console.log("|---|---:|");
  console.log(
    `| sync push, 500 mutations: median / min (ms) | ${round(median(r.pushMs))} / ${
      round(Math.min(...r.pushMs))
    } |`,
  );
  console.log(`| sync push replayed (exactly-once path) (ms) | ${round(r.replayMs)} |`);
  console.log(
    `| /sync/changes page of 1,000, ADMIN: median (ms) | ${round(median(r.changesMs.admin))} |`,
  );
  console.log(
    `| /sync/changes page of 1,000, ENGINEER (scoped, masked): median (ms) | ${
      round(median(r.changesMs.engineer))
    } |`,
  );
  console.log(`| export of ${r.export.rows} visits to XLSX (s) | ${round(r.export.seconds)} |`);
  console.log(`| export file size (MB) | ${round(r.export.bytes / 1e6)} |`);
  console.log(
    `| process RSS before / peak during export (MB) | ${Math.round(r.export.baseRssMb)} / ${
      Math.round(r.export.peakRssMb)
    } |`,
  );
  printTable(`CRM objects list, ${o.connections} connections, ${o.durationS} s each`, r.list);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "32" },
      visits: { type: "string", default: "100000" },
    },
  });
  await runCrmBench({
    durationS: Number(values.duration),
    connections: Number(values.connections),
    visits: Number(values.visits),
  });
}
