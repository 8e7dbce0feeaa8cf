/**
 * `deno task dev` with no accounts: starts the simulator of every integration that has no real
 * credentials (SIMULATORS=auto), of all of them (`all`) or of none (`off`), and returns the
 * configuration with those integrations' clients pointed at their simulators.
 *
 * A domain issue adds its integration with one line in {@link DEV_SIMULATORS}.
 *
 * @module
 */
import type { Config } from "../config.ts";
import type { DevSimulator } from "./harness/dev_entry.ts";
import type { RecordedRequest } from "./harness/record.ts";
import type { Simulator } from "./harness/simulator.ts";
import { bitrix24DevSimulator } from "./bitrix24/simulator.ts";
import { onecDevSimulator } from "./onec/simulator.ts";
import { openaiDevSimulator } from "./openai/simulator.ts";

/** Every integration that has a simulator, in start order. */
export const DEV_SIMULATORS: readonly DevSimulator[] = [
  openaiDevSimulator,
  onecDevSimulator,
  bitrix24DevSimulator,
];

/** Running dev simulators. */
export interface DevSimulators {
  /** `config` with every simulated integration pointed at its simulator. */
  config: Config;
  /** The simulators started, by integration name. */
  running: { name: string; url: string; simulator: Simulator }[];
  /** Stops them all. */
  stop(): Promise<void>;
}

/** Options of {@link startDevSimulators}. */
export interface DevSimulatorOptions {
  /** The entries to consider; {@link DEV_SIMULATORS} by default (tests pass their own). */
  registry?: readonly DevSimulator[];
  /** Called with each request a simulator finished. */
  onRequest?: (name: string, request: RecordedRequest) => void;
}

/**
 * Starts the simulators `config.simulators` asks for.
 *
 * @throws {Error} when a simulator fails to start; nothing is left running
 * @example
 * ```ts
 * const dev = await startDevSimulators(loadConfig(Deno.env.toObject()));
 * dev.config.openai.baseUrl; // "http://127.0.0.1:41234/v1" when OPENAI_API_KEY is empty
 * await dev.stop();
 * ```
 */
export async function startDevSimulators(
  config: Config,
  options: DevSimulatorOptions = {},
): Promise<DevSimulators> {
  const mode = config.simulators;
  const running: DevSimulators["running"] = [];
  const stop = async () => {
    await Promise.all(running.map((r) => r.simulator.stop()));
  };
  let current = config;
  const entries = mode === "off" ? [] : options.registry ?? DEV_SIMULATORS;
  try {
    for (const entry of entries) {
      if (mode === "auto" && entry.hasCredentials(config)) continue;
      const onRequest = options.onRequest;
      const started = await entry.start(current, {
        onRequest: onRequest && ((request) => onRequest(entry.name, request)),
      });
      running.push({ name: entry.name, url: started.simulator.url, simulator: started.simulator });
      current = started.config;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { config: current, running, stop };
}
