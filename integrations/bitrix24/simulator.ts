/**
 * The Bitrix24 simulator: a real HTTP server speaking the portal's REST wire format for what
 * the call-texts pipeline uses (see `simulator_portal.ts`), seeded with a deterministic call
 * history whose recordings are real WAV files. Tests and `deno task dev` point
 * B24_BASE_URL at it; the harness adds request recording, faults and `/__sim/` control, and
 * this file adds `/__sim/calls` (reseed, mark corrupt or missing), `/__sim/bucket` (the
 * portal's rate limit) and `/__sim/counts` (requests per method, downloads per call).
 *
 * @module
 */
import { z } from "zod";
import type { Config } from "../../config.ts";
import { type DevSimulator, isPlaceholderSecret } from "../harness/dev_entry.ts";
import type { RecordedRequest } from "../harness/record.ts";
import { type Simulator, startSimulator } from "../harness/simulator.ts";
import { type CallSeedOptions, seedCalls, type SimCall } from "./simulator_data.ts";
import {
  b24Error,
  LeakyBucket,
  type LeakyBucketSettings,
  portalApp,
  PortalCounters,
  type PortalState,
} from "./simulator_portal.ts";

/** The webhook credentials the simulator accepts unless told otherwise. */
export const SIMULATOR_WEBHOOK = { userId: "1", token: "sim-webhook-token" } as const;

/** A real portal's budget: about 2 requests/s with a burst of 50. */
export const PORTAL_BUCKET: LeakyBucketSettings = { rps: 2, burst: 50 };

/** Options of {@link startBitrix24Simulator}. */
export interface Bitrix24SimulatorOptions {
  userId?: string;
  token?: string;
  /** The call history; none when absent (seed later with `seed()`). */
  calls?: CallSeedOptions;
  /** CALL_IDs — or, as numbers, 1-based positions in the history — of broken recordings. */
  corrupt?: (string | number)[];
  /** Same, for recordings that answer 404. */
  missing?: (string | number)[];
  /** The portal's budget; {@link PORTAL_BUCKET} by default, `null` for none. */
  bucket?: LeakyBucketSettings | null;
  port?: number;
  onRequest?: (request: RecordedRequest) => void;
}

/** A running Bitrix24 simulator. */
export interface Bitrix24Simulator extends Simulator {
  readonly userId: string;
  readonly token: string;
  /** The history served, oldest first. */
  calls(): SimCall[];
  /** Replaces the history. */
  seed(options: CallSeedOptions): SimCall[];
  /** Marks recordings broken (undecodable audio) by CALL_ID or 1-based position. */
  corrupt(ids: (string | number)[]): void;
  /** Marks recordings gone (404) by CALL_ID or 1-based position. */
  missing(ids: (string | number)[]): void;
  /** Makes recordings whole and available again. */
  restore(ids: (string | number)[]): void;
  /** Sets or (with null) lifts the portal's budget; the bucket starts empty. */
  setBucket(bucket: LeakyBucketSettings | null): void;
  /** REST calls of a method that passed the budget. */
  methodCalls(method: string): number;
  /** Downloads of a call's recording (by CALL_ID), or of all recordings. */
  downloads(callId?: string): number;
  /** Requests refused with QUERY_LIMIT_EXCEEDED. */
  limitExceeded(): number;
  /** Arrival times (ms, `performance.now()`) of requests the budget let through. */
  acceptedTimes(): number[];
  /** Forgets the counts (not the history). */
  resetCounts(): void;
}

const seedSchema = z.object({
  count: z.number().int().min(0).max(100_000),
  from: z.coerce.date(),
  to: z.coerce.date(),
  seed: z.number().int().optional(),
  durationS: z.tuple([z.number().int().min(0), z.number().int().min(0)]).optional(),
  recordUrlShare: z.number().min(0).max(1).optional(),
  noRecordingShare: z.number().min(0).max(1).optional(),
  internalShare: z.number().min(0).max(1).optional(),
}).strict();
const bucketSchema = z.object({ rps: z.number().positive(), burst: z.number().min(1) }).strict();
const idsSchema = z.object({
  corrupt: z.array(z.union([z.string(), z.number().int()])).optional(),
  missing: z.array(z.union([z.string(), z.number().int()])).optional(),
}).strict();

function bitrixError(status: number, detail: { reason: string; message?: string; code?: string }) {
  if (detail.reason === "rate_limit") {
    return b24Error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
  }
  const code = detail.code ??
    (status === 503
      ? "QUERY_LIMIT_EXCEEDED"
      : status === 401
      ? "INVALID_CREDENTIALS"
      : status >= 500
      ? "INTERNAL_SERVER_ERROR"
      : "ERROR_ARGUMENT");
  return b24Error(status, code, detail.message ?? "Simulated error");
}

/**
 * Starts a Bitrix24 simulator on a free port.
 *
 * @example
 * ```ts
 * await using b24 = await startBitrix24Simulator({
 *   calls: { count: 300, from: new Date("2024-01-01"), to: new Date("2024-02-29") },
 *   bucket: null,
 * });
 * // B24_BASE_URL=b24.url, B24_WEBHOOK_USER_ID=b24.userId, B24_WEBHOOK_TOKEN=b24.token
 * ```
 */
export async function startBitrix24Simulator(
  options: Bitrix24SimulatorOptions = {},
): Promise<Bitrix24Simulator> {
  const bucket = options.bucket === undefined ? PORTAL_BUCKET : options.bucket;
  let url = "";
  const state: PortalState = {
    userId: options.userId ?? SIMULATOR_WEBHOOK.userId,
    token: options.token ?? SIMULATOR_WEBHOOK.token,
    url: () => url,
    calls: options.calls ? seedCalls(options.calls) : [],
    corrupt: new Set(),
    missing: new Set(),
    bucket: bucket ? new LeakyBucket(bucket) : null,
    counters: new PortalCounters(),
    secret: crypto.randomUUID().replaceAll("-", ""),
  };
  const resolve = (ids: (string | number)[]) =>
    ids.map((id) => typeof id === "number" ? state.calls[id - 1]?.row.CALL_ID ?? "" : id);
  const api = {
    calls: () => state.calls,
    seed: (o: CallSeedOptions) => (state.calls = seedCalls(o)),
    corrupt: (ids: (string | number)[]) => resolve(ids).forEach((id) => state.corrupt.add(id)),
    missing: (ids: (string | number)[]) => resolve(ids).forEach((id) => state.missing.add(id)),
    restore: (ids: (string | number)[]) =>
      resolve(ids).forEach((id) => {
        state.corrupt.delete(id);
        state.missing.delete(id);
      }),
    setBucket: (b: LeakyBucketSettings | null) => (state.bucket = b ? new LeakyBucket(b) : null),
    methodCalls: (method: string) => state.counters.methods.get(method) ?? 0,
    downloads: (callId?: string) =>
      callId === undefined
        ? [...state.counters.downloads.values()].reduce((a, b) => a + b, 0)
        : state.counters.downloads.get(callId) ?? 0,
    limitExceeded: () => state.counters.limitExceeded,
    acceptedTimes: () => [...state.counters.accepted],
    resetCounts: () => state.counters.reset(),
  };
  api.corrupt(options.corrupt ?? []);
  api.missing(options.missing ?? []);
  const sim = await startSimulator({
    name: "bitrix24",
    app: portalApp(state),
    renderError: bitrixError,
    keepRequests: 20_000,
    port: options.port,
    onRequest: options.onRequest,
    control: (app) => {
      app.get("/calls", (c) => c.json({ count: state.calls.length, calls: state.calls }));
      app.post("/calls", async (c) => {
        const parsed = seedSchema.safeParse(await c.req.json().catch(() => null));
        if (!parsed.success) return c.json({ error: parsed.error.message }, 400);
        return c.json({ count: api.seed(parsed.data as CallSeedOptions).length }, 201);
      });
      app.post("/calls/broken", async (c) => {
        const parsed = idsSchema.safeParse(await c.req.json().catch(() => null));
        if (!parsed.success) return c.json({ error: parsed.error.message }, 400);
        api.corrupt(parsed.data.corrupt ?? []);
        api.missing(parsed.data.missing ?? []);
        return c.json({ corrupt: [...state.corrupt], missing: [...state.missing] });
      });
      app.put("/bucket", async (c) => {
        const parsed = bucketSchema.safeParse(await c.req.json().catch(() => null));
        if (!parsed.success) return c.json({ error: parsed.error.message }, 400);
        api.setBucket(parsed.data);
        return c.json({ bucket: parsed.data });
      });
      app.delete("/bucket", (c) => {
        api.setBucket(null);
        return c.body(null, 204);
      });
      app.get("/counts", (c) =>
        c.json({
          methods: Object.fromEntries(state.counters.methods),
          downloads: api.downloads(),
          limitExceeded: state.counters.limitExceeded,
        }));
    },
  });
  url = sim.url;
  return Object.assign(sim, { userId: state.userId, token: state.token }, api);
}

/** The Bitrix24 entry of the dev registry: real when B24_BASE_URL and a real token are set. */
export const bitrix24DevSimulator: DevSimulator = {
  name: "bitrix24",
  hasCredentials: (config: Config) => {
    const b = config.calls.bitrix24;
    return !!b.baseUrl && !/example\.bitrix24/.test(b.baseUrl) && !isPlaceholderSecret(b.token);
  },
  async start(config, options) {
    const to = new Date();
    const from = new Date(to.getTime() - config.calls.exportDays * 86_400_000);
    const simulator = await startBitrix24Simulator({
      calls: { count: 120, from, to, durationS: [8, 90], noRecordingShare: 0.1, seed: 7 },
      onRequest: options.onRequest,
    });
    return {
      simulator,
      config: {
        ...config,
        calls: {
          ...config.calls,
          bitrix24: {
            ...config.calls.bitrix24,
            baseUrl: simulator.url,
            userId: simulator.userId,
            token: simulator.token,
          },
        },
      },
    };
  },
};
