import assert from "node:assert/strict";
import { readDist } from "../../fresh-ui/assets.ts";
import { buildBundle, bundleBytes, islandNames, writeDist } from "../../fresh-ui/build.ts";
import { startTestApp } from "../helpers/app.ts";
import { getPage, signIn } from "./helpers.ts";

Deno.test("the islands bundle builds with content-hashed names and no server code", async () => {
  const started = performance.now();
  const bundle = await buildBundle();
  const ms = Math.round(performance.now() - started);
  console.log(`ui bundle: ${bundle.files.size} files, ${bundleBytes(bundle)} bytes, ${ms} ms`);

  assert.deepEqual(Object.keys(bundle.islands).sort(), await islandNames());
  for (const [name, file] of Object.entries(bundle.islands)) {
    assert.match(file, new RegExp(`^${name}-[A-Z0-9]{8}\\.js$`));
    const js = new TextDecoder().decode(bundle.files.get(file)!.body);
    // With several islands esbuild moves the shared hydrate code into a chunk the island imports.
    const imported = [...js.matchAll(/["'](?:\.\/)?(chunk-[A-Z0-9]+\.js)["']/g)].map((m) =>
      new TextDecoder().decode(bundle.files.get(m[1])?.body ?? new Uint8Array())
    );
    assert.match([js, ...imported].join("\n"), /data-island/, `${name} hydrates its markup`);
    assert.doesNotMatch(js, /kysely|postgres|jose|node:/, `${name} carries no server code`);
  }
  assert.match(bundle.css, /^app-[A-Z0-9]{8}\.css$/);
  assert.ok(bundle.inputs.includes("fresh-ui/islands/jobs_table.tsx"), "inputs are recorded");

  const dir = await Deno.makeTempDir({ prefix: "fieldhub-ui-dist-" });
  try {
    await writeDist(bundle, dir);
    const stored = await readDist(dir);
    assert.ok(stored, "a dist built from the current sources is used");
    assert.deepEqual(stored.islands, bundle.islands);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
    manifest.sourceHash = "0".repeat(64);
    await Deno.writeTextFile(`${dir}/manifest.json`, JSON.stringify(manifest));
    assert.equal(await readDist(dir), undefined, "a stale dist is ignored");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("assets are served with a year of cache; unknown ones are 404", async () => {
  const t = await startTestApp();
  try {
    const { password, user } = await t.user(["CLIENT"]);
    const html = await (await getPage(t, "/app/jobs", await signIn(t, user.login, password)))
      .text();
    const urls = [
      html.match(/<link rel="stylesheet" href="([^"]+)"/)![1],
      html.match(/<script type="module" src="([^"]+)"/)![1],
    ];
    for (const url of urls) {
      const res = await getPage(t, url);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assert.match(
        res.headers.get("content-type")!,
        url.endsWith(".css") ? /text\/css/ : /javascript/,
      );
      assert.ok((await res.arrayBuffer()).byteLength > 500);
    }
    const missing = await getPage(t, "/ui/assets/jobs_table-00000000.js");
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get("content-type")!, /problem\+json/);
  } finally {
    await t.close();
  }
});
