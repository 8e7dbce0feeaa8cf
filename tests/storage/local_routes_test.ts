import assert from "node:assert/strict";
import { base64url } from "jose";
import { LocalStorage } from "../../storage/local.ts";
import { getText } from "../../storage/storage.ts";
import { startTestApp, type TestApp } from "../helpers/app.ts";

function localOf(t: TestApp): LocalStorage {
  assert.ok(t.deps.storage instanceof LocalStorage);
  return t.deps.storage;
}

/** The path of a presigned local URL, as `app.request()` takes it. */
const pathOf = (url: string) => new URL(url).pathname;

Deno.test("a local link with a broken signature, another operation or garbage gets 403", async () => {
  const t = await startTestApp();
  try {
    const storage = localOf(t);
    await storage.put("exports/a.csv", "a;b\n", { contentType: "text/csv" });
    const down = pathOf((await storage.presignDownload("exports/a.csv")).url);
    const up = pathOf(
      (await storage.presignUpload("exports/a.csv", { contentType: "text/csv", size: 4 })).url,
    );
    const flipped = down.replace(/\.(.)/, (_m, c: string) => `.${c === "A" ? "B" : "A"}`);
    const [payload, mac] = down.split("/").at(-1)!.split(".");
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    const longer = `/storage/local/${
      base64url.encode(JSON.stringify({ ...claims, exp: claims.exp + 86_400 }))
    }.${mac}`;
    const cases: [string, string, RegExp][] = [
      ["GET", flipped, /tampered/],
      ["GET", longer, /tampered/],
      ["GET", "/storage/local/not-a-token", /tampered/],
      ["GET", up, /uploads only/],
      ["PUT", down, /downloads only/],
    ];
    for (const [method, path, detail] of cases) {
      const res = await t.app.request(path, {
        method,
        headers: { "content-type": "text/csv" },
        body: method === "PUT" ? "a;b\n" : undefined,
      });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.headers.get("content-type"), "application/problem+json");
      assert.match((await res.json()).detail, detail);
    }
    assert.equal(await getText(storage, "exports/a.csv"), "a;b\n");
  } finally {
    await t.close();
  }
});

Deno.test("a chunked upload running past its declared size is cut off and stores nothing", async () => {
  const t = await startTestApp();
  try {
    const storage = localOf(t);
    const up = await storage.presignUpload("photos/p.jpg", {
      contentType: "image/jpeg",
      size: 100,
    });
    // No Content-Length: the size is enforced on the stream itself.
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        sent += 1000;
        c.enqueue(new Uint8Array(1000));
        if (sent > 1_000_000) c.close();
      },
    });
    const res = await t.app.request(pathOf(up.url), {
      method: "PUT",
      headers: up.headers,
      body: endless,
    });
    assert.equal(res.status, 413);
    assert.match((await res.json()).detail, /over the 100 bytes declared/);
    assert.ok(sent < 1_000_000, `read only what it needed, not ${sent} bytes`);
    assert.equal(await storage.exists("photos/p.jpg"), false);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(`${storage.root}/.tmp`)), []);
    const short = await t.app.request(pathOf(up.url), {
      method: "PUT",
      headers: up.headers,
      body: new Uint8Array(99),
    });
    assert.equal(short.status, 400);
    await short.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("over real HTTP: a body over the link's size gets 413, the exact one is stored and served by range", async () => {
  let handler: (req: Request) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    (req) => handler(req),
  );
  const t = await startTestApp({
    env: { PUBLIC_BASE_URL: `http://127.0.0.1:${server.addr.port}` },
  });
  handler = t.app.fetch;
  try {
    const storage = localOf(t);
    const audio = new Uint8Array(5000).map((_, i) => i % 251);
    const up = await storage.presignUpload("recordings/c.ogg", {
      contentType: "audio/ogg",
      size: audio.byteLength,
    });
    const big = await fetch(up.url, {
      method: "PUT",
      headers: up.headers,
      body: new Uint8Array(6000),
    });
    assert.equal(big.status, 413);
    await big.body?.cancel();
    const ok = await fetch(up.url, { method: "PUT", headers: up.headers, body: audio });
    assert.equal(ok.status, 200);
    await ok.body?.cancel();

    const down = await storage.presignDownload("recordings/c.ogg");
    const part = await fetch(down.url, { headers: { range: "bytes=1000-1999" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 1000-1999/5000");
    assert.equal(part.headers.get("content-type"), "audio/ogg");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), audio.slice(1000, 2000));
    const suffix = await fetch(down.url, { headers: { range: "bytes=-10" } });
    assert.deepEqual(new Uint8Array(await suffix.arrayBuffer()), audio.slice(4990));
    const past = await fetch(down.url, { headers: { range: "bytes=5000-" } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get("content-range"), "bytes */5000");
    await past.body?.cancel();
  } finally {
    await t.close();
    await server.shutdown();
  }
});

Deno.test("an uploaded HTML file is served as an attachment, never as a page of the app", async () => {
  const t = await startTestApp();
  try {
    const storage = localOf(t);
    await storage.put("photos/evil.html", "<script>alert(1)</script>", {
      contentType: "text/html",
    });
    await storage.put("photos/ok.jpg", new Uint8Array(3), { contentType: "image/jpeg" });
    const html = await t.app.request(
      pathOf((await storage.presignDownload("photos/evil.html")).url),
    );
    assert.equal(html.headers.get("content-disposition"), "attachment");
    assert.equal(html.headers.get("x-content-type-options"), "nosniff");
    await html.body?.cancel();
    const jpg = await t.app.request(pathOf((await storage.presignDownload("photos/ok.jpg")).url));
    assert.equal(jpg.headers.get("content-disposition"), null);
    await jpg.body?.cancel();
    const gone = await storage.presignDownload("photos/missing.jpg");
    const missing = await t.app.request(pathOf(gone.url));
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
  } finally {
    await t.close();
  }
});

Deno.test("with STORAGE_BACKEND=s3 the local link routes answer 404", async () => {
  const t = await startTestApp({
    env: {
      STORAGE_BACKEND: "s3",
      S3_ENDPOINT_URL: "http://127.0.0.1:9",
      S3_BUCKET: "b",
      S3_ACCESS_KEY_ID: "k",
      S3_SECRET_ACCESS_KEY: "s",
    },
  });
  try {
    assert.equal(t.deps.storage.backend, "s3");
    const res = await t.app.request("/storage/local/abc.def");
    assert.equal(res.status, 404);
    assert.match((await res.json()).detail, /STORAGE_BACKEND is s3/);
  } finally {
    await t.close();
  }
});

Deno.test("the link routes are in the OpenAPI document", async () => {
  const t = await startTestApp();
  try {
    const doc = await (await t.app.request("/openapi.json")).json();
    const path = doc.paths["/storage/local/{token}"];
    assert.ok(path?.put && path?.get, "PUT and GET documented");
    assert.ok(path.put.responses["415"]);
  } finally {
    await t.close();
  }
});
