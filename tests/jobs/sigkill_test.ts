import assert from "node:assert/strict";
import { sql } from "kysely";
import { createPostgresClient, type DatabaseHandle, openDatabase } from "../../db/connect.ts";
import { TEST_DATABASE_URL } from "../helpers/db.ts";
import { BACKENDS } from "./helpers.ts";

const FIXTURE = new URL("./fixtures/crash_worker.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

/** A running fixture process whose stdout markers can be awaited. */
class WorkerProcess {
  readonly child: Deno.ChildProcess;
  readonly lines: string[] = [];
  stderr = "";
  #waiters: Array<() => void> = [];
  readonly #pumps: Promise<void>[];

  constructor(env: Record<string, string>) {
    this.child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-check", FIXTURE],
      cwd: ROOT,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#pumps = [
      this.#read(this.child.stdout, (text) => {
        this.lines.push(...text.split("\n").filter(Boolean));
        for (const w of this.#waiters.splice(0)) w();
      }),
      this.#read(this.child.stderr, (text) => (this.stderr += text)),
    ];
  }

  async #read(stream: ReadableStream<Uint8Array>, onText: (t: string) => void) {
    let rest = "";
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const cut = text.lastIndexOf("\n") + 1;
      rest = text.slice(cut);
      if (cut) onText(text.slice(0, cut));
    }
    if (rest) onText(rest + "\n");
  }

  /** The first stdout line starting with `prefix`. */
  async waitFor(prefix: string, timeoutMs = 90_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const hit = this.lines.find((l) => l.startsWith(prefix));
      if (hit) return hit;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        new Promise<void>((r) => this.#waiters.push(r)),
        new Promise((r) => (timer = setTimeout(r, 200))),
        this.child.status,
      ]);
      clearTimeout(timer);
    }
    throw new Error(
      `no "${prefix}" from the worker; stdout:\n${this.lines.join("\n")}\n` +
        `stderr (tail):\n${this.stderr.slice(-3000)}`,
    );
  }

  async end(signal: Deno.Signal): Promise<Deno.CommandStatus> {
    try {
      this.child.kill(signal);
    } catch { /* already gone */ }
    const status = await this.child.status;
    await Promise.all(this.#pumps);
    return status;
  }
}

/** A fresh, empty Postgres database for the two processes (they migrate it), or none. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (!TEST_DATABASE_URL) return undefined;
  const name = `fieldhub_kill_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = createPostgresClient(TEST_DATABASE_URL, 1);
  await admin.unsafe(`create database ${name}`).finally(() => admin.end());
  const u = new URL(TEST_DATABASE_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = createPostgresClient(TEST_DATABASE_URL!, 1);
      await c.unsafe(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `[${backend}] a worker killed with SIGKILL mid-job: after restart the job completes once`,
    sanitizeResources: false, // the children's pipes close after the test body's last await
    fn: async () => {
      const dataDir = await Deno.makeTempDir({ prefix: "fieldhub-kill-" });
      const pg = await freshPostgres();
      const env: Record<string, string> = {
        ...Deno.env.toObject(),
        DATA_DIR: dataDir,
        JOBS_BACKEND: backend,
        FIXTURE_LEASE_MS: "1500",
        LOG_LEVEL: "INFO",
      };
      if (pg) env.DATABASE_URL = pg.url;
      else delete env.DATABASE_URL;
      let db: DatabaseHandle | undefined;
      try {
        const first = new WorkerProcess(env);
        const enqueued = (await first.waitFor("ENQUEUED ")).split(" ")[1];
        const running = await first.waitFor(`RUNNING ${enqueued} 1`);
        assert.ok(running);
        const killed = await first.end("SIGKILL");
        assert.equal(killed.signal, "SIGKILL");

        const second = new WorkerProcess(env);
        assert.equal((await second.waitFor("ENQUEUED ")).split(" ")[1], enqueued, "dedup key");
        await second.waitFor(`DONE ${enqueued}`);
        assert.ok(second.lines.includes(`RUNNING ${enqueued} 2`));
        const stopped = await second.end("SIGTERM");
        assert.equal(stopped.code, 0, `graceful stop; stderr:\n${second.stderr.slice(-2000)}`);

        db = pg
          ? await openDatabase({ databaseUrl: pg.url, poolMax: 1 })
          : await openDatabase({ pgliteDir: `${dataDir}/pgdata` });
        const job = await db.db.selectFrom("jobs").selectAll().where("id", "=", enqueued)
          .executeTakeFirstOrThrow();
        assert.equal(job.status, "done");
        assert.equal(job.attempts, 2, "the killed try counts, the second one finished");
        assert.deepEqual(job.result, { posted: "txn-1", attempt: 2 });
        const { rows } = await sql<{ business_key: string; attempt: number }>`
          select business_key, attempt from ledger_effects`.execute(db.db);
        assert.deepEqual(rows, [{ business_key: "txn-1", attempt: 1 }], "side effect once");
        const jobs = await db.db.selectFrom("jobs").select("id").execute();
        assert.equal(jobs.length, 1);
      } finally {
        await db?.close();
        await pg?.drop();
        await Deno.remove(dataDir, { recursive: true });
      }
    },
  });
}
