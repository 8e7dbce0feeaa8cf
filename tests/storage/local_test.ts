import assert from "node:assert/strict";
import { AppError } from "../../platform/errors.ts";
import { LocalStorage } from "../../storage/local.ts";
import { getText } from "../../storage/storage.ts";

async function withLocal(fn: (s: LocalStorage) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "fieldhub-local-" });
  try {
    await fn(
      new LocalStorage({
        root,
        publicBaseUrl: "http://127.0.0.1:8000",
        secret: "a-secret-of-at-least-thirty-two-chars",
        presignTtlS: 900,
        uploadMaxBytes: 1000,
      }),
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("local: a key cannot be both an object and a folder of others (409, nothing lost)", async () => {
  await withLocal(async (s) => {
    await s.put("a/b.txt", "inner");
    await s.put("x", "file", { contentType: "text/plain" });
    for (const key of ["a", "x/y.txt"]) {
      await assert.rejects(s.put(key, "clash", { contentType: "text/plain" }), (err) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.status, 409);
        return true;
      });
    }
    assert.equal(await getText(s, "a/b.txt"), "inner");
    assert.equal(await getText(s, "x"), "file");
    assert.deepEqual((await Array.fromAsync(s.list(""))).map((e) => e.key), ["a/b.txt", "x"]);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(`${s.root}/.tmp`)), []);
  });
});

Deno.test("local: a put without a type forgets the old one; delete leaves no empty folders", async () => {
  await withLocal(async (s) => {
    await s.put("raw/2024/05/01/c.wav", "x", { contentType: "audio/wav" });
    assert.equal((await s.head("raw/2024/05/01/c.wav"))?.contentType, "audio/wav");
    await s.put("raw/2024/05/01/c.wav", "y");
    assert.equal((await s.head("raw/2024/05/01/c.wav"))?.contentType, "application/octet-stream");
    await s.put("raw/keep.txt", "k", { contentType: "text/plain" });
    await s.delete("raw/2024/05/01/c.wav");
    const left = (await Array.fromAsync(Deno.readDir(`${s.root}/raw`))).map((e) => e.name);
    assert.deepEqual(left, ["keep.txt"]);
  });
});
