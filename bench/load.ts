/**
 * Load generation for benchmarks with autocannon (npm), run under Node in its own process so
 * the load generator never shares the server's event loop. Every benchmark reports through
 * {@link printTable}.
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
  /** An autocannon `-I` style per-request unique id placeholder `[<id>]` in headers/body. */
  idReplacement?: boolean;
}

const AUTOCANNON = new URL("../node_modules/autocannon/autocannon.js", import.meta.url).pathname;

/** Runs autocannon against `url` and returns its figures. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const args = [
    AUTOCANNON,
    "--json",
    "-c",
    String(o.connections ?? 32),
    "-d",
    String(o.durationS ?? 10),
    "-m",
    o.method ?? "GET",
  ];
  for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}=${v}`);
  if (o.body) args.push("-b", o.body);
  if (o.idReplacement) args.push("-I");
  args.push(o.url);
  const out = await new Deno.Command("node", { args, stdout: "piped", stderr: "piped" }).output();
  if (!out.success) throw new Error(`autocannon failed: ${new TextDecoder().decode(out.stderr)}`);
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
