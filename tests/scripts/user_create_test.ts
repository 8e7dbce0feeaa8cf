import assert from "node:assert/strict";
import { openDatabase } from "../../db/connect.ts";
import { verifyPassword } from "../../routers/auth/password.ts";
import { runDeno } from "../helpers/command.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

const run = (args: string[], env: Record<string, string>) =>
  runDeno(["task", "-q", "user:create", ...args], {
    cwd: ROOT,
    env: { ...env, PASSWORD_SCRYPT_LOG_N: "10", DATABASE_URL: "" },
  });

Deno.test("deno task user:create makes a user on the embedded database, and refuses while it is in use", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const env = { DATA_DIR: dir };
    const ok = await run([
      "--role",
      "supervisor,engineer",
      "--email",
      "Boss@Example.ru",
      "--password",
      "password-42",
      "--name",
      "Анна",
    ], env);
    assert.equal(ok.code, 0, ok.stderr);
    const user = JSON.parse(ok.stdout.trim().split("\n").at(-1)!);
    assert.equal(user.login, "boss@example.ru");
    assert.deepEqual(user.roles, ["SUPERVISOR", "ENGINEER"]);

    const dup = await run([
      "--role",
      "ADMIN",
      "--email",
      "boss@example.ru",
      "--password",
      "password-42",
    ], env);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    const bad = await run([
      "--role",
      "KING",
      "--email",
      "k@example.ru",
      "--password",
      "password-42",
    ], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /roles\[0\]/);
    const usage = await run(["--email", "x@example.ru"], env);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage: deno task user:create/);

    const db = await openDatabase({ pgliteDir: `${dir}/pgdata` });
    try {
      const row = await db.db.selectFrom("users").selectAll().where("login", "=", "boss@example.ru")
        .executeTakeFirstOrThrow();
      assert.equal(row.name, "Анна");
      assert.ok(await verifyPassword("password-42", row.password_hash));
      // While this process holds the embedded database, the task refuses with a clear message.
      const busy = await run([
        "--role",
        "ADMIN",
        "--email",
        "b@example.ru",
        "--password",
        "password-42",
      ], env);
      assert.equal(busy.code, 1);
      assert.match(busy.stderr, /in use by process \d+\. Stop the service first/);
    } finally {
      await db.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
