/**
 * How an integration joins `deno task dev`: a {@link DevSimulator} entry says whether the
 * configuration holds real credentials and how to start the simulator and point the
 * integration's client at it. `integrations/dev.ts` keeps the list of entries.
 *
 * @module
 */
import { type Config, DEFAULT_SECRETS } from "../../config.ts";
import type { RecordedRequest } from "./record.ts";
import type { Simulator } from "./simulator.ts";

/** Options every dev simulator receives. */
export interface DevStartOptions {
  /** Called with each request the simulator finished (dev mode logs them). */
  onRequest?: (request: RecordedRequest) => void;
}

/** One integration's simulator, as the dev registry sees it. */
export interface DevSimulator {
  /** Integration name (`openai`, `bitrix24`), as logged. */
  name: string;
  /** True when `config` holds real credentials, so `SIMULATORS=auto` keeps the real service. */
  hasCredentials(config: Config): boolean;
  /** Starts the simulator; returns it and `config` with this integration pointed at it. */
  start(
    config: Config,
    options: DevStartOptions,
  ): Promise<{ simulator: Simulator; config: Config }>;
}

// Values the seeds' `.env.example` files ship, and the usual "fill me in" shapes.
const PLACEHOLDERS = new Set([...DEFAULT_SECRETS, "test", "none", "null"]);

/**
 * True when a credential is absent or an example value (`sk-...`, `changeme`, `<your key>`),
 * i.e. not something a real third party would accept.
 *
 * @example
 * ```ts
 * isPlaceholderSecret("sk-...");            // true
 * isPlaceholderSecret("sk-proj-T3BlbkFJ4f9a2c"); // false
 * ```
 */
export function isPlaceholderSecret(value: string | undefined): boolean {
  const v = (value ?? "").trim().toLowerCase();
  return v === "" || PLACEHOLDERS.has(v) || v.includes("...") || v.includes("…") ||
    /^<.*>$/.test(v) || /(^|[-_])(x{3,}|your|example|placeholder)([-_]|$)/.test(v);
}
