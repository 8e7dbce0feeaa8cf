import assert from "node:assert/strict";
import { request, startTestApp } from "../helpers/app.ts";

Deno.test("X-Request-Id is echoed when sent, generated when absent, and in logs and errors", async () => {
  const t = await startTestApp();
  try {
    const given = await request(t.app, "GET", "/api/v1/system/ping", {
      headers: { "x-request-id": "req-789" },
    });
    assert.equal(given.headers.get("x-request-id"), "req-789");
    assert.equal((await given.json()).status, "pong");
    const generated = await request(t.app, "GET", "/api/v1/system/ping");
    assert.match(generated.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    await generated.body?.cancel();
    const unsafe = await request(t.app, "GET", "/health", {
      headers: { "x-request-id": "bad id\u0001" },
    });
    assert.notEqual(unsafe.headers.get("x-request-id"), "bad id\u0001", "unsafe ids are replaced");
    await unsafe.body?.cancel();
    const missing = await request(t.app, "GET", "/api/v1/nothing", {
      headers: { "x-request-id": "req-404" },
    });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get("x-request-id"), "req-404");
    assert.equal((await missing.json()).request_id, "req-404");
    const lines = t.logs.map((l) => JSON.parse(l));
    const line = lines.find((l) => l.msg === "request" && l.request_id === "req-789");
    assert.ok(line, "the access log line carries the request id");
    assert.equal(line.route, "/api/v1/system/ping");
    assert.equal(line.status, 200);
    assert.equal(typeof line.duration_ms, "number");
  } finally {
    await t.close();
  }
});

Deno.test("every response carries the security headers and Server-Timing", async () => {
  const t = await startTestApp();
  try {
    for (const path of ["/api/v1/system/ping", "/missing", "/docs"]) {
      const res = await request(t.app, "GET", path);
      await res.body?.cancel();
      const csp = res.headers.get("content-security-policy") ?? "";
      assert.match(csp, /default-src 'self'/, path);
      assert.ok(!csp.includes("unsafe-inline"), `${path}: no unsafe-inline`);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.equal(res.headers.get("x-frame-options"), "DENY");
      assert.equal(res.headers.get("referrer-policy"), "no-referrer");
      assert.match(res.headers.get("server-timing") ?? "", /^app;dur=\d+(\.\d)?$/);
      assert.equal(res.headers.get("strict-transport-security"), null, "no HSTS outside prod");
    }
  } finally {
    await t.close();
  }
  const prod = await startTestApp({ env: { APP_ENV: "prod", JWT_SECRET: "a".repeat(40) } });
  try {
    const res = await request(prod.app, "GET", "/health");
    await res.body?.cancel();
    assert.match(res.headers.get("strict-transport-security") ?? "", /max-age=31536000/);
  } finally {
    await prod.close();
  }
});

Deno.test("CORS allows only CORS_ORIGINS and exposes the request id", async () => {
  const t = await startTestApp({
    env: { CORS_ORIGINS: "https://app.example.ru, http://localhost:3000" },
  });
  try {
    const preflight = await request(t.app, "OPTIONS", "/api/v1/system/ping", {
      headers: {
        origin: "https://app.example.ru",
        "access-control-request-method": "POST",
        "access-control-request-headers": "idempotency-key,content-type",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.example.ru");
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /Idempotency-Key/);
    const simple = await request(t.app, "GET", "/api/v1/system/ping", {
      headers: { origin: "http://localhost:3000" },
    });
    await simple.body?.cancel();
    assert.equal(simple.headers.get("access-control-allow-origin"), "http://localhost:3000");
    assert.match(simple.headers.get("access-control-expose-headers") ?? "", /X-Request-Id/);
    const foreign = await request(t.app, "GET", "/api/v1/system/ping", {
      headers: { origin: "https://evil.example" },
    });
    await foreign.body?.cancel();
    assert.equal(foreign.headers.get("access-control-allow-origin"), null);
  } finally {
    await t.close();
  }
});

Deno.test("/metrics counts requests by method, route template and status", async () => {
  const t = await startTestApp();
  try {
    for (let i = 0; i < 3; i++) {
      await (await request(t.app, "GET", "/api/v1/system/ping")).body?.cancel();
    }
    await (await request(t.app, "GET", "/api/v1/nothing/here")).body?.cancel();
    await t.trpc().system.ping.query();
    const text = await (await request(t.app, "GET", "/metrics")).text();
    assert.match(
      text,
      /http_requests_total\{method="GET",route="\/api\/v1\/system\/ping",status="200"\} 3/,
    );
    assert.match(text, /http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    assert.match(
      text,
      /http_requests_total\{method="GET",route="\/trpc\/system.ping",status="200"\} 1/,
    );
    assert.match(
      text,
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/system\/ping",status="200"\} 3/,
    );
    assert.ok(!text.includes("/api/v1/nothing/here"), "unmatched paths never become labels");
  } finally {
    await t.close();
  }
});

Deno.test("log lines mask phones and e-mails in text and fields when PII masking is on", async () => {
  const t = await startTestApp({ env: { PII_MASKING_ENABLED: "true" } });
  try {
    const res = await request(
      t.app,
      "GET",
      "/api/v1/system/ping?phone=%2B79123456789&email=ivan@example.ru",
    );
    await res.body?.cancel();
    t.deps.logger.info("SMS to +7 912 345-67-89 for ivan@example.ru", {
      phone_number: "+79123456789",
      nested: { to_number: "89991234567" },
    });
    const joined = t.logs.join("\n");
    assert.ok(!joined.includes("79123456789"), joined);
    assert.ok(!joined.includes("ivan@example.ru"));
    assert.ok(!joined.includes("89991234567"));
    const last = JSON.parse(t.logs.at(-1)!);
    assert.equal(last.phone_number, "[REDACTED]");
    assert.equal(last.nested.to_number, "[REDACTED]");
    assert.match(last.msg, /SMS to \+7\*\*\*89 for \*\*\*@example\.ru/);
  } finally {
    await t.close();
  }
});

Deno.test("local presigned-link tokens never reach the access log", async () => {
  const t = await startTestApp();
  try {
    const res = await request(t.app, "GET", "/storage/local/eyJzZWNyZXQiOiJ4In0.c2ln?x=1");
    await res.body?.cancel();
    const line = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === "request");
    assert.equal(line.path, "/storage/local/[TOKEN]?x=1");
    assert.ok(!t.logs.join("\n").includes("eyJzZWNyZXQiOiJ4In0"));
  } finally {
    await t.close();
  }
});
