/**
 * One-JSON-object-per-line logger. The request id (and anything else set with
 * {@link withLogContext}) rides an AsyncLocalStorage, so every line written while serving a
 * request or running a job carries it without being passed by hand.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { maskDeep, maskText } from "./pii.ts";

/** Log levels in ascending order of severity (the seeds' names). */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR";
const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

/** Fields attached to every line written inside a context (request id, job id, user id). */
export type LogContext = Record<string, string | number | undefined>;

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with `fields` added to the log context of everything it calls, awaited or not.
 *
 * @example
 * ```ts
 * await withLogContext({ request_id: "req-789" }, () => handle(request));
 * ```
 */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** The current log context (empty outside any). */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

/** A structured logger. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  level: LogLevel;
  /** Mask personal data in message text and fields (PII_MASKING_ENABLED). */
  maskPii: boolean;
  /** Where lines go; stdout by default. Tests pass an array's `push`. */
  sink?: (line: string) => void;
}

/**
 * Creates a logger writing JSON lines: `{ts, level, msg, request_id?, ...fields}`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const log = createLogger({ level: "INFO", maskPii: true, sink: (l) => lines.push(l) });
 * log.info("sms sent to +79123456789"); // msg becomes "sms sent to +7***89"
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const min = ORDER[options.level];
  const sink = options.sink ?? ((line: string) => console.log(line));
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < min) return;
    const context = storage.getStore() ?? {};
    const extra = fields ? serializeErrors(fields) : {};
    const body = options.maskPii ? maskDeep(extra) as Record<string, unknown> : extra;
    const line = {
      ts: new Date().toISOString(),
      level,
      msg: options.maskPii ? maskText(msg) : msg,
      ...context,
      ...body,
    };
    sink(JSON.stringify(line));
  };
  return {
    debug: (m, f) => write("DEBUG", m, f),
    info: (m, f) => write("INFO", m, f),
    warn: (m, f) => write("WARNING", m, f),
    error: (m, f) => write("ERROR", m, f),
  };
}

function serializeErrors(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}
