/**
 * A test instance of the service: fresh database, in-memory KV (or a given one), captured log
 * lines, the real `createApp()`, and helpers to create users and call tRPC with a real client.
 *
 * @module
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import type { Hono } from "hono";
import { createApp } from "../../app.ts";
import { type Config, loadConfig } from "../../config.ts";
import type { DatabaseHandle } from "../../db/connect.ts";
import { systemActor } from "../../platform/actor.ts";
import { openRuntime, type RuntimeOptions } from "../../platform/bootstrap.ts";
import type { AppDeps } from "../../platform/deps.ts";
import type { AppEnv } from "../../platform/http_env.ts";
import { createLogger } from "../../platform/logger.ts";
import type { AppRouter } from "../../routers/_app.ts";
import type { Role } from "../../routers/auth/roles.ts";
import { issueTokens } from "../../routers/auth/tokens.ts";
import { createUser, type PublicUser } from "../../routers/auth/users.ts";
import { openTestDatabase } from "./db.ts";

/** The secret test tokens are signed with. */
export const TEST_JWT_SECRET = "test-secret-0123456789abcdef0123456789";

/** A config for tests; `env` overrides any variable. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    APP_ENV: "test",
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: "./data/test-unused",
    PASSWORD_SCRYPT_LOG_N: "10",
    ...env,
  });
}

/** A running test instance. */
export interface TestApp {
  app: Hono<AppEnv>;
  deps: AppDeps;
  /** Every JSON log line written so far. */
  logs: string[];
  /** Creates a user with `roles` and returns it with an access token. */
  user(roles: Role[], extra?: { login?: string; password?: string }): Promise<TestUser>;
  /** A real tRPC client whose requests go through `app.request()`. */
  trpc(token?: string, headers?: Record<string, string>): TRPCClient<AppRouter>;
  close(): Promise<void>;
}

/** A created user and a valid access token for it. */
export interface TestUser {
  user: PublicUser;
  token: string;
  password: string;
}

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  env?: Record<string, string>;
  /** Share a KV between instances (rate limits across instances). */
  kv?: Deno.Kv;
  /** Share a database between instances. */
  database?: DatabaseHandle;
  /** Queue settings (short leases, fast sweeps); the worker starts only by `deps.queue.start()`. */
  jobs?: RuntimeOptions["jobs"];
}

let counter = 0;

/** Starts a test instance; always `await t.close()` (sanitizers check it). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  // Local storage in a fresh folder per app (made on first write, removed by close()).
  const storageDir = join(tmpdir(), `fieldhub-storage-${crypto.randomUUID()}`);
  const config = testConfig({
    STORAGE_BACKEND: "local",
    LOCAL_STORAGE_DIR: storageDir,
    ...options.env,
  });
  const logs: string[] = [];
  const ownDb = !options.database;
  const database = options.database ?? await openTestDatabase();
  const ownKv = !options.kv;
  const kv = options.kv ?? await Deno.openKv(":memory:");
  const runtime = await openRuntime(config, {
    database,
    kv,
    skipMigrations: true,
    jobs: options.jobs,
    logger: createLogger({ level: "DEBUG", maskPii: config.piiMasking, sink: (l) => logs.push(l) }),
  });
  const { deps } = runtime;
  const app = createApp(deps);
  return {
    app,
    deps,
    logs,
    async user(roles, extra = {}) {
      const password = extra.password ?? "password-123";
      const login = extra.login ?? `u${++counter}_${crypto.randomUUID().slice(0, 8)}`;
      const user = await createUser({ db: deps.db, scryptLogN: config.scryptLogN }, systemActor(), {
        login,
        email: `${login}@example.test`,
        name: `Test ${roles.join("/")}`,
        password,
        roles,
      });
      const { access_token } = await issueTokens(config.jwt, user.id, user.roles);
      return { user, token: access_token, password };
    },
    trpc(token, headers = {}) {
      return createTRPCClient<AppRouter>({
        links: [httpLink({
          url: "http://test.local/trpc",
          headers: () => ({ ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }),
          fetch: (url, init) => Promise.resolve(app.request(String(url), init as RequestInit)),
        })],
      });
    },
    async close() {
      await runtime.close();
      if (ownKv) kv.close();
      if (ownDb) await database.close();
      await Deno.remove(storageDir, { recursive: true }).catch(() => {});
    },
  };
}

/** `fetch`-style JSON request through `app.request()`. */
export function request(
  app: Hono<AppEnv>,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  return Promise.resolve(app.request(path, { method, headers, body }));
}
