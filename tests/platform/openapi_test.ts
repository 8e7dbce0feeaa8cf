import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";

Deno.test("/openapi.json documents the REST routes from their zod schemas", async () => {
  const t = await startTestApp();
  try {
    const doc = await (await request(t.app, "GET", "/openapi.json")).json();
    assert.equal(doc.openapi, "3.1.0");
    const ping = doc.paths["/api/v1/system/ping"].get;
    assert.equal(ping.tags[0], "system");
    const schema = ping.responses["200"].content["application/json"].schema;
    assert.deepEqual(schema.required.sort(), ["service", "status", "timestamp"]);
    assert.ok(doc.paths["/ready"].get.responses["503"]);
    assert.equal(doc.components.schemas.Problem.properties.errors.type, "array");
  } finally {
    await t.close();
  }
});

Deno.test("/docs serves Swagger UI from local assets under the strict CSP", async () => {
  const t = await startTestApp();
  try {
    const page = await request(t.app, "GET", "/docs");
    const html = await page.text();
    assert.match(html, /<script src="\/docs\/swagger-ui-bundle.js"><\/script>/);
    assert.ok(!/<script>/.test(html), "no inline script");
    const js = await request(t.app, "GET", "/docs/swagger-ui-bundle.js");
    assert.equal(js.status, 200);
    assert.ok((await js.arrayBuffer()).byteLength > 100_000);
    const init = await (await request(t.app, "GET", "/docs/init.js")).text();
    assert.match(init, /openapi\.json/);
    const nope = await request(t.app, "GET", "/docs/..%2F..%2Fdeno.json");
    assert.equal(nope.status, 404);
    await nope.body?.cancel();
  } finally {
    await t.close();
  }
});
