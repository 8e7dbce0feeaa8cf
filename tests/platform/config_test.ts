import assert from "node:assert/strict";
import { CONFIG_VARIABLES, ConfigError, loadConfig } from "../../config.ts";

Deno.test("defaults give a working local configuration", () => {
  const c = loadConfig({});
  assert.equal(c.appEnv, "local");
  assert.equal(c.host, "127.0.0.1");
  assert.equal(c.port, 8000);
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.maxPageSize, 100);
  assert.equal(c.requestTimeoutMs, 30_000);
  assert.equal(c.piiMasking, false, "masking is off by default only on a developer's machine");
  assert.equal(c.jwt.issuer, "fieldhub");
  assert.deepEqual(c.corsOrigins, ["http://localhost:3000"]);
});

Deno.test("a bad variable stops start-up with its name and value", () => {
  assert.throws(
    () => loadConfig({ APP_PORT: "eighty", LOG_LEVEL: "LOUD", DATABASE_URL: "nope" }),
    (err) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /APP_PORT: expected an integer from 0 to 65535, got "eighty"/);
      assert.match(
        err.message,
        /LOG_LEVEL: expected one of DEBUG, INFO, WARNING, ERROR, got "LOUD"/,
      );
      assert.match(err.message, /DATABASE_URL: expected a postgres:\/\/ URL, got "nope"/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ PII_MASKING_ENABLED: "maybe" }), /PII_MASKING_ENABLED/);
  assert.throws(
    () => loadConfig({ STORAGE_BACKEND: "s3" }),
    /S3_BUCKET: required when STORAGE_BACKEND=s3/,
  );
});

Deno.test("prod refuses default secrets", () => {
  assert.throws(
    () => loadConfig({ APP_ENV: "prod" }),
    /JWT_SECRET: a default or short secret is refused in prod/,
  );
  assert.throws(
    () =>
      loadConfig({ APP_ENV: "prod", JWT_SECRET: "x".repeat(40), REGISTRATION_SECRET: "changeme" }),
    /REGISTRATION_SECRET/,
  );
  const ok = loadConfig({ APP_ENV: "prod", JWT_SECRET: "x".repeat(40) });
  assert.equal(ok.isProd, true);
  assert.equal(ok.piiMasking, true, "masking defaults to on outside local");
  assert.equal(loadConfig({ APP_ENV: "staging" }).piiMasking, true);
  assert.equal(loadConfig({ APP_ENV: "staging", PII_MASKING_ENABLED: "false" }).piiMasking, false);
});

Deno.test("the README's configuration table names every variable the service reads", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  const section = readme.split("\n## Configuration\n")[1]?.split("\n## ")[0] ?? "";
  const rows = section.split("\n").filter((line) => line.startsWith("| `"));
  const named = new Set(rows.flatMap((row) =>
    [...row.split("|")[1].matchAll(/`([A-Z0-9_]+)`/g)]
      .map((m) => m[1])
  ));
  const missing = CONFIG_VARIABLES.filter((name) => !named.has(name));
  assert.deepEqual(missing, [], `variables missing from the README's table: ${missing}`);
  const unknown = [...named].filter((name) => !CONFIG_VARIABLES.includes(name));
  assert.deepEqual(unknown, [], `README rows for variables the service does not read: ${unknown}`);
});
