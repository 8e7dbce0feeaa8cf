/**
 * Service configuration: every environment variable fieldhub reads, parsed and checked by zod
 * at start-up. A bad value stops the process with a message naming the variable and the value.
 * The README's environment table lists the same variables; keep both in step.
 *
 * @module
 */
import { z } from "zod";
import { bool, int, list, num, oneOf, optionalText, text, url } from "./config/parsers.ts";
import { crmConfig, crmEnv } from "./config/crm.ts";
import { onecConfig, onecEnv } from "./config/onec.ts";
import { callsConfig, callsEnv } from "./config/calls.ts";

const APP_ENVS = ["local", "dev", "test", "staging", "prod"] as const;
const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;

/** Secrets that ship as examples in the seeds' `.env.example` files; refused in prod. */
export const DEFAULT_SECRETS: ReadonlySet<string> = new Set([
  "changeme",
  "change-me",
  "secret",
  "dev-secret",
  "",
]);

const envSchema = z.object({
  APP_ENV: z.string().optional().transform((value, ctx) => {
    const v = (value || "local").toLowerCase();
    if ((APP_ENVS as readonly string[]).includes(v)) return v as (typeof APP_ENVS)[number];
    ctx.addIssue({
      code: "custom",
      message: `expected one of ${APP_ENVS.join(", ")}, got "${value}"`,
    });
    return z.NEVER;
  }),
  APP_HOST: text("127.0.0.1"),
  APP_PORT: int(8000, 0, 65535),
  DATA_DIR: text("./data"),
  DATABASE_URL: url("a postgres://"),
  DB_POOL_MAX: int(10, 1, 500),
  KV_PATH: optionalText,
  JWT_SECRET: text("changeme"),
  JWT_ISSUER: text("fieldhub"),
  JWT_ACCESS_TTL_S: int(1800, 30, 86_400),
  JWT_REFRESH_TTL_S: int(14 * 86_400, 60, 90 * 86_400),
  REGISTRATION_SECRET: optionalText,
  CORS_ORIGINS: list(["http://localhost:3000"]),
  MAX_PAGE_SIZE: int(100, 1, 10_000),
  REQUEST_TIMEOUT_S: num(30, 0.1),
  LOG_LEVEL: z.string().optional().transform((value, ctx) => {
    const v = (value || "INFO").toUpperCase().replace(/^WARN$/, "WARNING");
    if ((LOG_LEVELS as readonly string[]).includes(v)) return v as (typeof LOG_LEVELS)[number];
    ctx.addIssue({
      code: "custom",
      message: `expected one of ${LOG_LEVELS.join(", ")}, got "${value}"`,
    });
    return z.NEVER;
  }),
  PII_MASKING_ENABLED: z.string().optional(),
  RATE_LIMIT_ENABLED: bool(true),
  RATE_LIMIT_DEFAULT_PER_MIN: int(600, 1, 1_000_000),
  RATE_LIMIT_LOGIN_PER_MIN: int(5, 1, 100_000),
  TRUST_PROXY: bool(false),
  IDEMPOTENCY_TTL_H: int(24, 1, 24 * 30),
  PASSWORD_SCRYPT_LOG_N: int(15, 10, 20),
  // Jobs
  JOBS_BACKEND: oneOf(["kv", "postgres"] as const, "kv"),
  JOBS_CONCURRENCY: int(4, 1, 256),
  JOBS_MAX_ATTEMPTS: int(5, 1, 100),
  WORKER_ENABLED: bool(true),
  // Storage
  STORAGE_BACKEND: oneOf(["local", "s3"] as const, "local"),
  LOCAL_STORAGE_DIR: optionalText,
  S3_ENDPOINT_URL: url("an http(s)://"),
  S3_REGION: text("us-east-1"),
  S3_BUCKET: optionalText,
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  PUBLIC_BASE_URL: url("an http(s)://"),
  PRESIGN_TTL_S: int(900, 10, 7 * 86_400),
  UPLOAD_MAX_BYTES: int(25 * 1024 * 1024, 1, 5 * 1024 * 1024 * 1024),
  // OpenAI (Whisper, chat summaries)
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: url("an http(s)://"),
  CHATGPT_PROXY_URL: url("an http(s)://"),
  SIMULATORS: oneOf(["auto", "all", "off"] as const, "auto"),
  ...crmEnv,
  ...onecEnv,
  ...callsEnv,
});

/** Every environment variable the service reads, in the order of the README's table. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** The parsed, typed configuration every module receives through `deps.config`. */
export type Config = ReturnType<typeof finish>;

/** Raised when the environment cannot be turned into a valid {@link Config}. */
export class ConfigError extends Error {
  /** Each problem as `NAME: reason`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

function finish(env: z.output<typeof envSchema>, raw: Record<string, string | undefined>) {
  const piiRaw = raw.PII_MASKING_ENABLED;
  // Seed 000: masking defaults to on everywhere but a developer's own machine.
  const piiDefault = env.APP_ENV !== "local" && env.APP_ENV !== "test";
  const pii = bool(piiDefault).safeParse(piiRaw);
  if (!pii.success) {
    throw new ConfigError([`PII_MASKING_ENABLED: expected true or false, got "${piiRaw}"`]);
  }
  return {
    appEnv: env.APP_ENV,
    isProd: env.APP_ENV === "prod",
    host: env.APP_HOST,
    port: env.APP_PORT,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    dbPoolMax: env.DB_POOL_MAX,
    kvPath: env.KV_PATH ?? `${env.DATA_DIR}/kv.sqlite3`,
    jwt: {
      secret: env.JWT_SECRET,
      issuer: env.JWT_ISSUER,
      accessTtlS: env.JWT_ACCESS_TTL_S,
      refreshTtlS: env.JWT_REFRESH_TTL_S,
    },
    registrationSecret: env.REGISTRATION_SECRET,
    corsOrigins: env.CORS_ORIGINS,
    maxPageSize: env.MAX_PAGE_SIZE,
    requestTimeoutMs: Math.round(env.REQUEST_TIMEOUT_S * 1000),
    logLevel: env.LOG_LEVEL,
    piiMasking: pii.data,
    rateLimit: {
      enabled: env.RATE_LIMIT_ENABLED,
      defaultPerMin: env.RATE_LIMIT_DEFAULT_PER_MIN,
      loginPerMin: env.RATE_LIMIT_LOGIN_PER_MIN,
    },
    trustProxy: env.TRUST_PROXY,
    idempotencyTtlH: env.IDEMPOTENCY_TTL_H,
    scryptLogN: env.PASSWORD_SCRYPT_LOG_N,
    jobs: {
      backend: env.JOBS_BACKEND,
      concurrency: env.JOBS_CONCURRENCY,
      maxAttempts: env.JOBS_MAX_ATTEMPTS,
      workerEnabled: env.WORKER_ENABLED,
    },
    storage: {
      backend: env.STORAGE_BACKEND,
      localDir: env.LOCAL_STORAGE_DIR ?? `${env.DATA_DIR}/storage`,
      s3: {
        endpoint: env.S3_ENDPOINT_URL,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      },
      presignTtlS: env.PRESIGN_TTL_S,
      uploadMaxBytes: env.UPLOAD_MAX_BYTES,
    },
    /** Base URL the service is reached at (links in presigned local URLs); from host:port if unset. */
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://${env.APP_HOST}:${env.APP_PORT}`,
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
      proxyUrl: env.CHATGPT_PROXY_URL,
    },
    /**
     * Start the integration simulators and point clients at them: `auto` (the default) does
     * so in `deno task dev` for every integration that has no real credentials.
     */
    simulators: env.SIMULATORS,
    crm: crmConfig(env),
    onec: onecConfig(env),
    calls: callsConfig(env),
  };
}

/** Checks that span several variables; the secret checks apply in prod only. */
function crossChecks(config: Config): string[] {
  const problems: string[] = [];
  if (config.isProd && (DEFAULT_SECRETS.has(config.jwt.secret) || config.jwt.secret.length < 32)) {
    problems.push(
      "JWT_SECRET: a default or short secret is refused in prod (use ≥ 32 random characters)",
    );
  }
  if (
    config.isProd && config.registrationSecret !== undefined &&
    DEFAULT_SECRETS.has(config.registrationSecret)
  ) {
    problems.push("REGISTRATION_SECRET: a default secret is refused in prod");
  }
  const s3 = config.storage.s3;
  if (config.storage.backend === "s3") {
    for (
      const [name, value] of [["S3_BUCKET", s3.bucket], ["S3_ACCESS_KEY_ID", s3.accessKeyId], [
        "S3_SECRET_ACCESS_KEY",
        s3.secretAccessKey,
      ]]
    ) {
      if (!value) problems.push(`${name}: required when STORAGE_BACKEND=s3`);
    }
  }
  return problems;
}

/**
 * Parses the environment into a {@link Config}.
 *
 * @param env the variables to read; `Deno.env.toObject()` in the service, a literal in tests
 * @throws {ConfigError} naming every bad variable and the value it had
 * @example
 * ```ts
 * const config = loadConfig({ APP_PORT: "8080" });
 * config.port; // 8080
 * ```
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const config = finish(parsed.data, env);
  const problems = crossChecks(config);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
