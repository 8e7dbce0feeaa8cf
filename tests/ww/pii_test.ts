// Courier phones never reach the logs in clear when PII_MASKING_ENABLED (on outside local).
import assert from "node:assert/strict";
import { loadConfig } from "../../config.ts";
import { startTestApp, TEST_JWT_SECRET } from "../helpers/app.ts";
import { expectJson, wwGet, wwWrite } from "./fixtures.ts";

Deno.test("with masking on, a phone searched for or sent is masked in every log line", async () => {
  const t = await startTestApp({ env: { PII_MASKING_ENABLED: "true" } });
  try {
    const { token } = await t.user(["SUPERVISOR"]);
    await expectJson(
      await wwWrite(t, "POST", "/couriers", token, {
        id: "c-1",
        display_name: "Олег",
        phone: "+79123456789",
      }),
      201,
    );
    const found = await expectJson(await wwGet(t, "/couriers?q=%2B79123456789", token), 200);
    assert.equal(found.items[0].phone, "+79123456789", "the API shows it to a dispatcher");
    const text = t.logs.join("\n");
    assert.ok(t.logs.length > 0);
    assert.ok(!text.includes("9123456789"), text);
    assert.ok(text.includes("+7***89"), "the masked form keeps the last two digits");
  } finally {
    await t.close();
  }
});

Deno.test("masking defaults on outside APP_ENV=local (staging, dev, prod), off on local", () => {
  const env = { JWT_SECRET: TEST_JWT_SECRET };
  for (const appEnv of ["staging", "dev", "prod"]) {
    assert.equal(loadConfig({ ...env, APP_ENV: appEnv }).piiMasking, true, appEnv);
  }
  assert.equal(loadConfig({ ...env, APP_ENV: "local" }).piiMasking, false);
  assert.equal(
    loadConfig({ ...env, APP_ENV: "staging", PII_MASKING_ENABLED: "false" }).piiMasking,
    false,
  );
});
