/**
 * The Storage contract for objects, written once and run against every adapter (harness.ts):
 * the local folder and a real S3-compatible server (Ceph RGW in CI).
 *
 * @module
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { getBytes, getText, putFile } from "../../storage/storage.ts";
import { sha256Hex } from "../../platform/hash.ts";
import { bytesOf, contractTest, isAppError, pieces } from "./harness.ts";

contractTest("put and get round-trip UTF-8 text, binary bytes and the content type", async (h) => {
  const text = "Звонок №42: клиент доволен ✓\n";
  await h.storage.put("exports/2024-05/transcripts/call_42.txt", text, {
    contentType: "text/plain; charset=utf-8",
  });
  assert.equal(await getText(h.storage, "exports/2024-05/transcripts/call_42.txt"), text);
  const binary = bytesOf(70_000, 7);
  const put = await h.storage.put("raw/2024/05/01/call_42.wav", binary);
  assert.deepEqual(put, { key: "raw/2024/05/01/call_42.wav", size: 70_000 });
  const got = await h.storage.get("raw/2024/05/01/call_42.wav");
  assert.equal(got.contentType, "application/octet-stream");
  assert.equal(got.size, 70_000);
  assert.deepEqual(new Uint8Array(await new Response(got.body).arrayBuffer()), binary);
  const head = await h.storage.head("exports/2024-05/transcripts/call_42.txt");
  assert.equal(head?.contentType, "text/plain; charset=utf-8");
  // Overwriting replaces the whole object.
  await h.storage.put("raw/2024/05/01/call_42.wav", "short");
  assert.equal(await getText(h.storage, "raw/2024/05/01/call_42.wav"), "short");
});

contractTest(
  "streamed bodies of ~5 MB (known length) and 9 MiB (unknown) are stored byte for byte",
  async (h) => {
    const five = bytesOf(5 * 1000 * 1000, 3);
    const stream = ReadableStream.from(pieces(five, 64 * 1024));
    await h.storage.put("recordings/five.wav", stream, {
      contentType: "audio/wav",
      contentLength: five.byteLength,
    });
    assert.equal(
      await sha256Hex(new Uint8Array(await getBytes(h.storage, "recordings/five.wav"))),
      await sha256Hex(five),
    );
    // A Node Readable (what exceljs's streaming writer produces), length unknown: on S3 this
    // crosses the 8 MiB part size, so it goes up as a multipart upload.
    const nine = bytesOf(9 * 1024 * 1024 + 123, 5);
    const put = await h.storage.put("reports/nine.xlsx", Readable.from(pieces(nine, 100_000)));
    assert.equal(put.size, nine.byteLength);
    const back = await getBytes(h.storage, "reports/nine.xlsx");
    assert.equal(back.byteLength, nine.byteLength);
    assert.equal(await sha256Hex(new Uint8Array(back)), await sha256Hex(nine));
  },
);

contractTest(
  "a stream shorter or longer than its declared length is refused and stores nothing",
  async (h) => {
    const data = bytesOf(1000);
    await assert.rejects(
      h.storage.put("bad/short.bin", ReadableStream.from(pieces(data, 100)), {
        contentLength: 1001,
      }),
      isAppError("BAD_REQUEST"),
    );
    await assert.rejects(
      h.storage.put("bad/long.bin", ReadableStream.from(pieces(data, 100)), { contentLength: 999 }),
      isAppError("PAYLOAD_TOO_LARGE"),
    );
    assert.equal(await h.storage.exists("bad/short.bin"), false);
    assert.equal(await h.storage.exists("bad/long.bin"), false);
  },
);

contractTest("putFile uploads a local file with its type", async (h) => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    await Deno.writeTextFile(path, "id;name\n1;Иванов\n");
    const put = await putFile(h.storage, "registries/2024-05.csv", path, {
      contentType: "text/csv",
    });
    assert.equal(put.size, new TextEncoder().encode("id;name\n1;Иванов\n").byteLength);
    assert.equal(await getText(h.storage, "registries/2024-05.csv"), "id;name\n1;Иванов\n");
    assert.equal((await h.storage.head("registries/2024-05.csv"))?.contentType, "text/csv");
  } finally {
    await Deno.remove(path);
  }
});

contractTest("exists and head follow an object until delete; deleting again is fine", async (h) => {
  assert.equal(await h.storage.exists("photos/visit_1/a.jpg"), false);
  assert.equal(await h.storage.head("photos/visit_1/a.jpg"), null);
  await h.storage.put("photos/visit_1/a.jpg", bytesOf(10), { contentType: "image/jpeg" });
  assert.equal(await h.storage.exists("photos/visit_1/a.jpg"), true);
  const head = await h.storage.head("photos/visit_1/a.jpg");
  assert.equal(head?.size, 10);
  assert.ok(head!.lastModified.getTime() > Date.now() - 120_000);
  await h.storage.delete("photos/visit_1/a.jpg");
  assert.equal(await h.storage.exists("photos/visit_1/a.jpg"), false);
  await h.storage.delete("photos/visit_1/a.jpg");
  await assert.rejects(h.storage.get("photos/visit_1/a.jpg"), isAppError("NOT_FOUND"));
});

contractTest(
  "list(prefix) returns the keys under a prefix, sorted, with size and lastModified",
  async (h) => {
    const before = Date.now() - 120_000;
    for (
      const [key, size] of [
        ["raw/2024/05/02/b.wav", 3],
        ["raw/2024/05/01/a.wav", 1],
        ["raw/2024/06/01/c.wav", 5],
        ["raw/2024-notes.txt", 2],
        ["exports/x.txt", 4],
      ] as const
    ) await h.storage.put(key, bytesOf(size));
    const all = await Array.fromAsync(h.storage.list(""));
    assert.deepEqual(all.map((e) => e.key), [
      "exports/x.txt",
      "raw/2024-notes.txt",
      "raw/2024/05/01/a.wav",
      "raw/2024/05/02/b.wav",
      "raw/2024/06/01/c.wav",
    ]);
    const may = await Array.fromAsync(h.storage.list("raw/2024/05/"));
    assert.deepEqual(may.map((e) => [e.key, e.size]), [["raw/2024/05/01/a.wav", 1], [
      "raw/2024/05/02/b.wav",
      3,
    ]]);
    for (const e of may) {
      assert.ok(e.lastModified instanceof Date && e.lastModified.getTime() > before);
    }
    // A prefix is a plain string prefix, as on S3.
    const partial = await Array.fromAsync(h.storage.list("raw/2024"));
    assert.equal(partial.length, 4);
    assert.deepEqual(await Array.fromAsync(h.storage.list("nothing/here/")), []);
  },
);

contractTest("a ranged get returns just those bytes and the whole size", async (h) => {
  const data = bytesOf(1000, 9);
  await h.storage.put("recordings/r.ogg", data, { contentType: "audio/ogg" });
  const part = await h.storage.get("recordings/r.ogg", { range: { start: 100, end: 199 } });
  assert.deepEqual(part.range, { start: 100, end: 199 });
  assert.equal(part.size, 1000);
  assert.deepEqual(
    new Uint8Array(await new Response(part.body).arrayBuffer()),
    data.slice(100, 200),
  );
  const tail = await h.storage.get("recordings/r.ogg", { range: { start: 990 } });
  assert.deepEqual(new Uint8Array(await new Response(tail.body).arrayBuffer()), data.slice(990));
});

contractTest("keys that could leave the root are refused with 422 naming the key", async (h) => {
  const bad = [
    "../etc/passwd",
    "a/../../b",
    "/abs",
    "a\\b",
    "a\u0000b",
    "a\nb",
    "a//b",
    "a/",
    "./a",
    ".meta/x",
    "",
  ];
  for (const key of bad) {
    await assert.rejects(
      h.storage.put(key, "x"),
      isAppError("UNPROCESSABLE_CONTENT", "key"),
      key,
    );
    await assert.rejects(h.storage.get(key), isAppError("UNPROCESSABLE_CONTENT", "key"), key);
    await assert.rejects(h.storage.exists(key), isAppError("UNPROCESSABLE_CONTENT", "key"));
    await assert.rejects(h.storage.delete(key), isAppError("UNPROCESSABLE_CONTENT", "key"));
    await assert.rejects(
      h.storage.presignUpload(key, { contentType: "image/jpeg", size: 1 }),
      isAppError("UNPROCESSABLE_CONTENT", "key"),
    );
  }
  await assert.rejects(
    Array.fromAsync(h.storage.list("../")),
    isAppError("UNPROCESSABLE_CONTENT", "prefix"),
  );
  assert.deepEqual(await Array.fromAsync(h.storage.list("")), []);
});
