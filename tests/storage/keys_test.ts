import assert from "node:assert/strict";
import { AppError } from "../../platform/errors.ts";
import { checkKey, checkPrefix, MAX_KEY_BYTES } from "../../storage/keys.ts";
import { LocalStorage } from "../../storage/local.ts";

function refused(field: "key" | "prefix", rule: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof AppError);
    assert.equal(err.status, 422);
    assert.equal(err.fields[0].field, field);
    assert.match(err.message, rule);
    return true;
  };
}

Deno.test("ordinary keys pass: dated folders, Cyrillic names, dots inside names", () => {
  for (
    const key of [
      "exports/2024-05/transcripts/call_42.txt",
      "raw/2024/05/01/call_42.wav",
      "photos/визит 7/фото.1.jpeg",
      "a..b/c.d",
      "x".repeat(MAX_KEY_BYTES),
    ]
  ) assert.equal(checkKey(key), key);
});

Deno.test("each unsafe key is refused with 422 naming the broken rule", () => {
  const cases: [string, RegExp][] = [
    ["", /empty/],
    ["../etc/passwd", /"\.\." segments/],
    ["a/../../b", /"\.\." segments/],
    ["a/./b", /"\." segments/],
    ["/etc/passwd", /start with \//],
    ["a\\..\\b", /backslash/],
    ["a\u0000b", /control/],
    ["a\rb", /control/],
    ["a\u007fb", /control/],
    ["a//b", /empty segments/],
    ["a/b/", /empty segments/],
    [".meta/x.json", /dot/],
    [".tmp", /dot/],
    ["я".repeat(513), /1024 bytes/],
  ];
  for (const [key, rule] of cases) {
    assert.throws(() => checkKey(key), refused("key", rule), JSON.stringify(key));
  }
});

Deno.test("prefixes may be empty or end with a slash, but not climb", () => {
  for (const p of ["", "raw/", "raw/2024/0", "exports/2024-05/transcripts/"]) {
    assert.equal(checkPrefix(p), p);
  }
  assert.throws(() => checkPrefix("../"), refused("prefix", /"\.\."/));
  assert.throws(() => checkPrefix("/raw"), refused("prefix", /start with/));
  assert.throws(() => checkPrefix("raw//x"), refused("prefix", /empty/));
});

Deno.test("a traversal id stays inside the root (seed 000)", async () => {
  const parent = await Deno.makeTempDir({ prefix: "fieldhub-traversal-" });
  try {
    const storage = new LocalStorage({
      root: `${parent}/root`,
      publicBaseUrl: "http://127.0.0.1:8000",
      secret: "a-secret-of-at-least-thirty-two-chars",
      presignTtlS: 900,
      uploadMaxBytes: 1000,
    });
    await storage.put("inside.txt", "ok");
    for (const id of ["../outside", "../../outside", "..", "x/../../outside", "/tmp/outside"]) {
      await assert.rejects(storage.put(`${id}.txt`, "escaped"), AppError);
      await assert.rejects(storage.put(id, "escaped"), AppError);
      await assert.rejects(storage.get(id), AppError);
      await assert.rejects(storage.delete(id), AppError);
    }
    const names = (await Array.fromAsync(Deno.readDir(parent))).map((e) => e.name);
    assert.deepEqual(names, ["root"]);
    assert.deepEqual((await Array.fromAsync(storage.list(""))).map((e) => e.key), ["inside.txt"]);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});
