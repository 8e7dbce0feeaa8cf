/**
 * Process plumbing of the returns benchmark: start a server subprocess and wait until it
 * answers, stop it, and run autocannon (under Node) against a URL, reading its JSON result.
 *
 * @module
 */
import type { LoadResult } from "./load.ts";

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

/** Options of {@link runAutocannon}. */
export interface LoadOptions {
  label: string;
  url: string;
  connections: number;
  durationS: number;
  method?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Replace `[<id>]` in the request (headers included) with a unique id per request. */
  idReplacement?: boolean;
}

// Autocannon's CLI parses `[...]` in arguments as sub-arguments, which breaks the `[<id>]`
// placeholder in a header (so bench/load.ts's runLoad cannot send unique Idempotency-Keys); its
// programmatic API under Node takes the options as they are.
const RUNNER = `
const autocannon = require(process.env.AUTOCANNON_PATH);
autocannon(JSON.parse(process.env.AUTOCANNON_OPTIONS), (err, result) => {
  if (err) { console.error(err); process.exit(1); }
  process.stdout.write(JSON.stringify(result));
});`;

/**
 * Runs autocannon from node_modules under Node (NODE, default `node`) and returns its figures.
 *
 * @throws {Error} when Node or autocannon is missing or the run fails
 */
export async function runAutocannon(o: LoadOptions): Promise<LoadResult> {
  const options = {
    title: o.label,
    url: o.url,
    connections: o.connections,
    duration: o.durationS,
    method: o.method ?? "GET",
    headers: o.headers ?? {},
    body: o.body,
    idReplacement: o.idReplacement ?? false,
  };
  const node = Deno.env.get("NODE") ?? "node";
  const out = await new Deno.Command(node, {
    args: ["-e", RUNNER],
    env: {
      AUTOCANNON_PATH:
        new URL("../node_modules/autocannon/autocannon.js", import.meta.url).pathname,
      AUTOCANNON_OPTIONS: JSON.stringify(options),
    },
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
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
