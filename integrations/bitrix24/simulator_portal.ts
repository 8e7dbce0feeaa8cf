/**
 * The portal side of the Bitrix24 simulator: the REST methods fieldhub calls, in the portal's
 * wire format, over a seeded call history — `voximplant.statistic.get` (FILTER with
 * `>=`/`<=`/`><` on CALL_START_DATE, SORT/ORDER, pages of 50 by `start` with `next` and
 * `total`), `disk.file.get` (DOWNLOAD_URL with a token), and the recordings themselves as real
 * WAV files of the call's length. A leaky bucket answers `QUERY_LIMIT_EXCEEDED` (HTTP 503) like
 * a portal whose request budget is spent.
 *
 * @module
 */
import { Hono } from "hono";
import { writeWav } from "../audio/wav.ts";
import { readParams } from "./simulator_params.ts";
import type { SimCall } from "./simulator_data.ts";
import type { B24Envelope, VoxStatisticRow } from "./types.ts";

/** A portal's request budget: `rps` drained per second from a bucket of `burst` requests. */
export interface LeakyBucketSettings {
  rps: number;
  burst: number;
}

/** The leaky bucket of a portal. */
export class LeakyBucket {
  #level = 0;
  #at = 0;
  constructor(readonly settings: LeakyBucketSettings) {}

  /** Counts a request; false when the bucket is full (the request is refused, not counted). */
  take(now = performance.now()): boolean {
    this.#level = Math.max(0, this.#level - (now - this.#at) / 1000 * this.settings.rps);
    this.#at = now;
    if (this.#level + 1 > this.settings.burst) return false;
    this.#level += 1;
    return true;
  }
}

/** What the portal counts, for tests ("each recording was downloaded once"). */
export class PortalCounters {
  readonly methods = new Map<string, number>();
  /** Recording downloads by CALL_ID. */
  readonly downloads = new Map<string, number>();
  /** Requests refused with QUERY_LIMIT_EXCEEDED. */
  limitExceeded = 0;
  /** Arrival times (ms, performance clock) of requests the bucket let through. */
  readonly accepted: number[] = [];

  bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  reset(): void {
    this.methods.clear();
    this.downloads.clear();
    this.limitExceeded = 0;
    this.accepted.length = 0;
  }
}

/** The simulator's mutable state. */
export interface PortalState {
  userId: string;
  token: string;
  /** Public URL of the simulator (links it hands out point here). */
  url: () => string;
  calls: SimCall[];
  /** CALL_IDs whose recording bytes are broken (not decodable audio). */
  corrupt: Set<string>;
  /** CALL_IDs whose recording is gone (404). */
  missing: Set<string>;
  bucket: LeakyBucket | null;
  counters: PortalCounters;
  /** Signs download links. */
  secret: string;
}

/** A Bitrix24 error answer. */
export function b24Error(status: number, error: string, description: string): Response {
  return Response.json({ error, error_description: description }, { status });
}

function dateOf(value: unknown): number | undefined {
  if (typeof value !== "string" || !value) return undefined;
  // Dates without an offset are the portal's wall clock (Moscow).
  const text = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}+03:00`;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

function matches(row: VoxStatisticRow, filter: Record<string, unknown>): boolean {
  const at = Date.parse(row.CALL_START_DATE);
  for (const [key, value] of Object.entries(filter)) {
    const field = key.replace(/^[<>=!%]+/, "");
    const op = key.slice(0, key.length - field.length) || "=";
    if (field === "CALL_START_DATE") {
      if (op === "><" && Array.isArray(value)) {
        const [a, b] = value.map(dateOf);
        if (a === undefined || b === undefined || at < a || at > b) return false;
        continue;
      }
      const t = dateOf(value);
      if (t === undefined) continue;
      if ((op === ">=" && at < t) || (op === ">" && at <= t)) return false;
      if ((op === "<=" && at > t) || (op === "<" && at >= t)) return false;
      if (op === "=" && at !== t) return false;
      continue;
    }
    const actual = (row as unknown as Record<string, unknown>)[field];
    if (op === "=" && String(actual ?? "") !== String(value)) return false;
    if (op === "!" && String(actual ?? "") === String(value)) return false;
  }
  return true;
}

function diskToken(state: PortalState, fileId: string): string {
  return `disk|${btoa(`id=${fileId}&_=${state.secret}`)}`;
}

function recordingLink(state: PortalState, call: SimCall): string {
  return `${state.url()}/telephony/records/${call.row.RECORD_FILE_ID}.wav?sig=${state.secret}`;
}

/** The call rows as the portal lists them (links filled in with the simulator's address). */
export function listedRow(state: PortalState, call: SimCall): VoxStatisticRow {
  return call.row.CALL_RECORD_URL === null
    ? call.row
    : { ...call.row, CALL_RECORD_URL: recordingLink(state, call) };
}

function statistic(state: PortalState, params: Record<string, unknown>): Response {
  const filter = (params.FILTER ?? params.filter ?? {}) as Record<string, unknown>;
  if (typeof filter !== "object" || Array.isArray(filter)) {
    return b24Error(400, "ERROR_ARGUMENT", "FILTER must be an object");
  }
  const start = Number(params.start ?? 0);
  if (!Number.isInteger(start) || start < 0) {
    return b24Error(400, "ERROR_ARGUMENT", `Invalid start: ${params.start}`);
  }
  const sortField = String(params.SORT ?? "ID");
  const desc = String(params.ORDER ?? "ASC").toUpperCase() === "DESC";
  const rows = state.calls.map((c) => listedRow(state, c)).filter((r) => matches(r, filter));
  const key = (r: VoxStatisticRow) =>
    sortField === "CALL_START_DATE"
      ? Date.parse(r.CALL_START_DATE)
      : Number((r as unknown as Record<string, unknown>)[sortField] ?? 0);
  rows.sort((a, b) => (key(a) - key(b) || Number(a.ID) - Number(b.ID)) * (desc ? -1 : 1));
  const page = rows.slice(start, start + 50);
  const body: B24Envelope<VoxStatisticRow[]> = { result: page, total: rows.length };
  if (start + 50 < rows.length) body.next = start + 50;
  return Response.json(body);
}

function diskFile(state: PortalState, params: Record<string, unknown>): Response {
  const id = String(params.id ?? params.ID ?? "");
  const call = state.calls.find((c) => c.row.RECORD_FILE_ID === id);
  if (!call) return b24Error(404, "ERROR_NOT_FOUND", "Could not find entity with id " + id);
  return Response.json({
    result: {
      ID: id,
      NAME: `${call.row.CALL_ID}.wav`,
      SIZE: String(44 + call.durationS * 16_000),
      DOWNLOAD_URL: `${state.url()}/rest/download.json?token=${
        encodeURIComponent(diskToken(state, id))
      }`,
      DETAIL_URL: `${state.url()}/docs/file/telephony/${id}.wav`,
      CREATE_TIME: call.row.CALL_START_DATE,
    },
  });
}

function audio(state: PortalState, call: SimCall | undefined): Response {
  if (!call || !call.hasRecording || state.missing.has(call.row.CALL_ID)) {
    return b24Error(404, "ERROR_NOT_FOUND", "File not found");
  }
  state.counters.bump(state.counters.downloads, call.row.CALL_ID);
  const wav = writeWav({ seconds: call.durationS, text: call.text, language: "ru" });
  // A broken recording: the RIFF header survives, the format chunk does not.
  if (state.corrupt.has(call.row.CALL_ID)) wav.fill(0, 12, 44);
  return new Response(wav, { headers: { "content-type": "audio/wav" } });
}

/** The portal's routes. */
export function portalApp(state: PortalState): Hono {
  const app = new Hono();
  app.use("*", async (_c, next) => {
    if (state.bucket && !state.bucket.take()) {
      state.counters.limitExceeded++;
      return b24Error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
    }
    state.counters.accepted.push(performance.now());
    await next();
  });
  app.get("/rest/download.json", (c) => {
    const token = c.req.query("token") ?? "";
    const id = token.startsWith("disk|") ? atob(token.slice(5)).match(/^id=(\d+)&/)?.[1] : null;
    if (!id || token !== diskToken(state, id)) {
      return b24Error(401, "INVALID_CREDENTIALS", "Invalid request credentials");
    }
    return audio(state, state.calls.find((x) => x.row.RECORD_FILE_ID === id));
  });
  app.get("/telephony/records/:file", (c) => {
    if (c.req.query("sig") !== state.secret) return b24Error(403, "ACCESS_DENIED", "Access denied");
    const id = c.req.param("file").replace(/\.wav$/, "");
    return audio(state, state.calls.find((x) => x.row.RECORD_FILE_ID === id));
  });
  app.on(["GET", "POST"], "/rest/:user/:token/:method", async (c) => {
    if (c.req.param("user") !== state.userId || c.req.param("token") !== state.token) {
      return b24Error(401, "INVALID_CREDENTIALS", "Invalid request credentials");
    }
    const method = c.req.param("method").replace(/\.json$/, "");
    state.counters.bump(state.counters.methods, method);
    let params: Record<string, unknown>;
    try {
      params = await readParams(c.req.raw);
    } catch {
      return b24Error(400, "ERROR_ARGUMENT", "Could not parse the request parameters");
    }
    if (method === "voximplant.statistic.get") return statistic(state, params);
    if (method === "disk.file.get") return diskFile(state, params);
    return b24Error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!");
  });
  app.notFound(() => b24Error(404, "ERROR_NOT_FOUND", "Not found"));
  return app;
}
