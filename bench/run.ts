/**
 * `deno task bench [suite ...] [--duration S] [--connections N]`: runs the benchmark suites on
 * this machine, each measuring its targets side by side in one run, and prints one table per
 * suite. Suites: platform, crm, returns (needs DATABASE_URL: real Postgres), calls.
 * Default: all of them (returns is skipped without DATABASE_URL).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runCallsBench } from "./calls_bench.ts";
import { runCrmBench } from "./crm_bench.ts";
import { runPlatformBench } from "./platform_bench.ts";
import { printReturnsReport, runReturnsBench } from "./returns_bench.ts";

const { values, positionals } = parseArgs({
  args: Deno.args,
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
  },
  allowPositionals: true,
});
const durationS = Number(values.duration);
const connections = Number(values.connections);
const databaseUrl = Deno.env.get("DATABASE_URL") || undefined;

const suites: Record<string, () => Promise<unknown>> = {
  platform: () => runPlatformBench({ durationS, connections }),
  crm: () => runCrmBench({ durationS, connections }),
  returns: async () => {
    if (!databaseUrl) {
      console.log(
        "\n## Returns\n\nskipped: set DATABASE_URL (the issue measures against real Postgres)",
      );
      return;
    }
    // The issue fixes 64 connections for this one.
    printReturnsReport(await runReturnsBench({ databaseUrl, durationS, connections: 64 }));
  },
  calls: () => runCallsBench(),
};

const chosen = positionals.length ? positionals : Object.keys(suites);
console.log(
  `# fieldhub benchmarks — ${
    new Date().toISOString()
  }, ${navigator.hardwareConcurrency} cores, Deno ${Deno.version.deno}`,
);
console.log(`database: ${databaseUrl ? "postgres (DATABASE_URL)" : "embedded PGlite"}`);
for (const name of chosen) {
  const suite = suites[name];
  if (!suite) {
    console.error(`unknown suite ${name}; known: ${Object.keys(suites).join(", ")}`);
    Deno.exit(2);
  }
  await suite();
}
