/**
 * Load generation for benchmarks with autocannon (npm, its programmatic API), run under Node in
 * its own process so the load generator never shares the server's event loop. Every benchmark
 * reports through {@link printTable}. The servers under load run as subprocesses too:
 * {@link startServer} for a script that prints `LISTENING <url>`, {@link spawnService} for any
 * command, polled until it answers.
 *
 * @module
 */

/** What one autocannon run measured. */
export interface LoadResult {
  label: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  label: string;
  connections?: number;
  durationS?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Replace `[<id>]` in the request (headers included) with a unique id per request. */
  idReplacement?: boolean;
}

// Autocannon's CLI parses `[...]` in arguments as sub-arguments, which breaks the `[<id>]`
// placeholder in a header (a unique Idempotency-Key per request); its programmatic API takes
// the options as they are, so it is run under Node with them passed as JSON.
const RUNNER = `
const autocannon = require(process.env.AUTOCANNON_PATH);
autocannon(JSON.parse(process.env.AUTOCANNON_OPTIONS), (err, result) => {
  if (err) { console.error(err); process.exit(1); }
  process.stdout.write(JSON.stringify(result));
});`;

const AUTOCANNON = new URL("../node_modules/autocannon/autocannon.js", import.meta.url).pathname;

/**
 * Runs autocannon from node_modules under Node (NODE, default `node`) against `url` and
 * returns its figures (`errors` includes timeouts: autocannon counts a timeout as an error).
 *
 * @throws {Error} when Node or autocannon is missing or the run fails
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const options = {
    title: o.label,
    url: o.url,
    connections: o.connections ?? 32,
    duration: o.durationS ?? 10,
    method: o.method ?? "GET",
    headers: o.headers ?? {},
    body: o.body,
    idReplacement: o.idReplacement ?? false,
  };
  const node = Deno.env.get("NODE") ?? "node";
  const out = await new Deno.Command(node, {
    args: ["-e", RUNNER],
    env: { AUTOCANNON_PATH: AUTOCANNON, AUTOCANNON_OPTIONS: JSON.stringify(options) },
    stdout: "piped",
    stderr: "piped",
  }).output().catch((err) => {
    throw new Error(`cannot run ${node} (autocannon runs under Node): ${err.message}`);
  });
  if (!out.success) {
    throw new Error(`autocannon failed: ${new TextDecoder().decode(out.stderr).slice(0, 2000)}`);
  }
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  return {
    label: o.label,
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/** Prints results as a table, with each row's throughput relative to `baseline`'s. */
export function printTable(title: string, rows: LoadResult[], baseline?: string): void {
  const base = rows.find((r) => r.label === baseline);
  console.log(`\n## ${title}\n`);
  console.log("| target | req/s | p50 ms | p99 ms | errors | non-2xx | vs baseline |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const ratio = base ? (r.rps / base.rps).toFixed(2) : "";
    console.log(
      `| ${r.label} | ${
        Math.round(r.rps)
      } | ${r.p50Ms} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${ratio} |`,
    );
  }
}

/** Starts a Deno script as a server subprocess and waits for it to print `LISTENING <url>`. */
export async function startServer(
  script: string,
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child = new Deno.Command("deno", {
    args: ["run", "-A", "--unstable-no-legacy-abort", script],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`${script} exited before listening`);
    buffer += value;
    const m = buffer.match(/LISTENING (\S+)/);
    if (m) {
      // Keep draining so the child never blocks on a full pipe.
      (async () => {
        while (!(await reader.read()).done) { /* drain */ }
      })();
      return {
        url: m[1],
        stop: async () => {
          child.kill("SIGTERM");
          await child.status;
        },
      };
    }
  }
}

/** A started subprocess. */
export interface Child {
  /** SIGTERM, then SIGKILL after 10 s; safe to call twice. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return Promise.resolve(port);
}

/**
 * Spawns `cmd` with `env` added and resolves once `readyUrl` answers at all.
 *
 * @throws {Error} when the process exits or does not answer within 120 s
 */
export async function spawnService(
  cmd: string[],
  env: Record<string, string>,
  readyUrl: string,
  method: string,
): Promise<Child> {
  const proc = new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    env,
    cwd: new URL("../", import.meta.url).pathname,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let exited = false;
  const status = proc.status.then((s) => {
    exited = true;
    return s;
  });
  let stopping: Promise<void> | undefined;
  const child: Child = {
    stop: () =>
      stopping ??= (async () => {
        if (exited) return;
        proc.kill("SIGTERM");
        const timer = setTimeout(() => !exited && proc.kill("SIGKILL"), 10_000);
        await status;
        clearTimeout(timer);
      })(),
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`${cmd.join(" ")} exited with ${(await status).code} before answering`);
    }
    try {
      const res = await fetch(readyUrl, { method, body: method === "GET" ? undefined : "{}" });
      await res.body?.cancel();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await child.stop();
  throw new Error(`${readyUrl} did not answer within 120 s`);
}
