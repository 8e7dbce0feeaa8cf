/**
 * Platform benchmark: requests/s of `GET /api/v1/system/ping` (a `defineRoute` REST route), of
 * tRPC `system.ping`, and of a plain Hono route doing the same work, measured one after the
 * other against one server process in one run.
 *
 * @module
 */
import { printTable, runLoad, startServer } from "./load.ts";

/** Runs the platform benchmark and prints its table. */
export async function runPlatformBench(options: { durationS: number; connections: number }) {
  const dataDir = await Deno.makeTempDir({ prefix: "fieldhub-bench-" });
  const server = await startServer(new URL("./platform_server.ts", import.meta.url).pathname, {
    ...Deno.env.toObject(),
    DATA_DIR: dataDir,
  });
  try {
    const common = { connections: options.connections, durationS: options.durationS };
    // Warm-up, not reported.
    await runLoad({
      ...common,
      durationS: 2,
      url: `${server.url}/bench/plain-ping`,
      label: "warm-up",
    });
    const rows = [
      await runLoad({
        ...common,
        url: `${server.url}/bench/plain-ping`,
        label: "plain Hono route",
      }),
      await runLoad({
        ...common,
        url: `${server.url}/api/v1/system/ping`,
        label: "REST /api/v1/system/ping",
      }),
      await runLoad({
        ...common,
        url: `${server.url}/trpc/system.ping`,
        label: "tRPC system.ping",
      }),
    ];
    printTable(
      `Platform: ping, ${options.connections} connections, ${options.durationS} s each (baseline: plain Hono route)`,
      rows,
      "plain Hono route",
    );
    return rows;
  } finally {
    await server.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
}

if (import.meta.main) {
  await runPlatformBench({ durationS: 10, connections: 32 });
}
