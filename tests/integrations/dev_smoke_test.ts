import assert from "node:assert/strict";
import OpenAI from "openai";
import { SIMULATOR_API_KEY } from "../../integrations/openai/simulator.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** The environment a developer's shell would pass, minus anything that points at real services. */
function devEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    APP_PORT: "0",
    JWT_SECRET: "dev-smoke-secret-0123456789abcdef0123",
    PASSWORD_SCRYPT_LOG_N: "10",
    LOG_LEVEL: "INFO",
  };
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value) env[name] = value;
  }
  return env;
}

/** Reads JSON log lines from `stream` until `want` has them all or the child ends. */
async function readLogs(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
  want: (lines: Record<string, unknown>[]) => boolean,
) {
  const lines: Record<string, unknown>[] = [];
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (!want(lines)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const p of parts) if (p.startsWith("{")) lines.push(JSON.parse(p));
  }
  return { lines, rest: reader };
}

Deno.test("deno task dev with no accounts starts the OpenAI simulator beside the service and stops on SIGTERM", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "fieldhub-dev-smoke-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "--dev"],
    cwd: ROOT,
    clearEnv: true,
    env: devEnv(dataDir),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const deadline = setTimeout(() => child.kill("SIGKILL"), 120_000);
  try {
    const { lines, rest } = await readLogs(
      child.stdout,
      (ls) =>
        ls.some((l) => l.msg === "listening") && ls.some((l) => l.msg === "simulator started"),
    );
    const listening = lines.find((l) => l.msg === "listening");
    const simulator = lines.find((l) => l.msg === "simulator started");
    if (!listening || !simulator) assert.fail(`missing log lines; stderr: ${await stderr}`);
    assert.equal(simulator.simulator, "openai");
    const appUrl = String(listening.url);
    const simUrl = String(simulator.url);
    assert.match(simUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

    const ready = await fetch(`${appUrl}/ready`);
    assert.equal(ready.status, 200, await ready.text());
    const control = await fetch(`${simUrl}/__sim`).then((r) => r.json());
    assert.equal(control.name, "openai");
    const client = new OpenAI({ apiKey: SIMULATOR_API_KEY, baseURL: `${simUrl}/v1` });
    const models = await client.models.list();
    assert.ok(models.data.some((m) => m.id === "whisper-1"));

    child.kill("SIGTERM");
    const drain = (async () => {
      while (!(await rest.read()).done) { /* drain the shutdown lines */ }
    })();
    const status = await child.status;
    await drain;
    if (status.code !== 0) assert.fail(`exit ${status.code}; stderr: ${await stderr}`);
    const afterStop = await fetch(`${simUrl}/__sim`).then(() => "open", () => "closed");
    assert.equal(afterStop, "closed", "the simulator stopped with the service");
  } finally {
    clearTimeout(deadline);
    try {
      child.kill("SIGKILL");
    } catch { /* already exited */ }
    await child.status;
    await stderr;
    await Deno.remove(dataDir, { recursive: true });
  }
});
