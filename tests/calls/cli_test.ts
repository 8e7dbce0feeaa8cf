import assert from "node:assert/strict";
import { startBitrix24Simulator } from "../../integrations/bitrix24/simulator.ts";
import { startOpenAISimulator } from "../../integrations/openai/simulator.ts";
import { billedMinutes } from "../../routers/calls/cost.ts";
import { runDeno } from "../helpers/command.ts";
import { PERIOD, simulatorEnv } from "./helpers.ts";

const SCRIPT = new URL("../../scripts/calls_export.ts", import.meta.url).pathname;

const runCli = (args: string[], env: Record<string, string>) =>
  runDeno(["run", "-A", SCRIPT, ...args], { env, cleanEnv: true });

Deno.test("calls:export --json prints the run summary as one JSON object on its last line; a re-run transcribes nothing new", async () => {
  const b24 = await startBitrix24Simulator({ bucket: null, calls: { count: 20, ...PERIOD } });
  const ai = await startOpenAISimulator();
  const dataDir = await Deno.makeTempDir({ prefix: "fieldhub-calls-cli-" });
  const env = {
    ...simulatorEnv(b24, ai),
    APP_ENV: "test",
    DATA_DIR: dataDir,
    B24_RATE_LIMIT_RPS: "500",
    PASSWORD_SCRYPT_LOG_N: "10",
  };
  try {
    const args = ["--from", "2024-01-01", "--to", "2024-02-29", "--json"];
    const first = await runCli(args, env);
    assert.equal(first.code, 0, first.stderr);
    const lines = first.stdout.trim().split("\n");
    assert.equal(lines.length, 1, "stdout holds only the summary");
    const summary = JSON.parse(lines.at(-1)!);
    const minutes = b24.calls().reduce((n, c) => n + billedMinutes(c.durationS), 0);
    for (
      const key of [
        "run_id",
        "calls_found",
        "transcribed",
        "skipped",
        "failed",
        "minutes",
        "cost",
        "csv_path",
      ]
    ) {
      assert.ok(key in summary, `summary has ${key}`);
    }
    assert.equal(summary.calls_found, 20);
    assert.equal(summary.transcribed, 20);
    assert.equal(summary.skipped, 0);
    assert.equal(summary.failed, 0);
    assert.equal(summary.minutes, minutes);
    assert.equal(summary.cost, Number((minutes * 0.006).toFixed(6)));
    assert.equal(
      summary.csv_path,
      "exports/20240101_20240229/registry/calls_20240101T000000_20240229T235959.csv",
    );
    const csv = await Deno.readTextFile(`${dataDir}/storage/${summary.csv_path}`);
    assert.equal(csv.trim().split("\r\n").length, 21);

    const second = JSON.parse((await runCli(args, env)).stdout.trim().split("\n").at(-1)!);
    assert.notEqual(second.run_id, summary.run_id);
    assert.equal(second.transcribed, 0);
    assert.equal(second.already_transcribed, 20);
    assert.equal(ai.count({ path: "/v1/audio/transcriptions" }), 20);

    const bad = await runCli(["--days", "0"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--days: expected a whole number/);
  } finally {
    await b24.stop();
    await ai.stop();
    await Deno.remove(dataDir, { recursive: true });
  }
});
