/**
 * The Storage contract for presigned links, run against every adapter (harness.ts): the
 * local adapter's links through the real app, S3's against a server that checks SigV4.
 *
 * @module
 */
import assert from "node:assert/strict";
import { base64url } from "jose";
import { bytesOf, contractTest, isAppError } from "./harness.ts";

async function drain(res: Response): Promise<string> {
  return await res.text();
}

/**
 * The same link aimed at another object, signature kept: on S3 the key is in the signed
 * path; in a local link it is inside the signed token payload.
 */
function pointElsewhere(url: string, key: string, other: string): string {
  const u = new URL(url);
  const local = u.pathname.match(/^\/storage\/local\/([^.]+)\.(.+)$/);
  if (!local) return url.replace(key, other);
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(local[1])));
  const forged = base64url.encode(JSON.stringify({ ...claims, key: other }));
  u.pathname = `/storage/local/${forged}.${local[2]}`;
  return u.toString();
}

contractTest(
  "a presigned PUT is accepted and the object is then readable with its type",
  async (h) => {
    const photo = bytesOf(4096, 11);
    const up = await h.storage.presignUpload("photos/visit_7/1.jpg", {
      contentType: "image/jpeg",
      size: photo.byteLength,
    });
    assert.equal(up.method, "PUT");
    assert.deepEqual(up.headers, { "Content-Type": "image/jpeg" });
    assert.ok(up.expiresAt.getTime() > Date.now() + 800_000);
    const res = await h.send(up.url, { method: "PUT", headers: up.headers, body: photo });
    assert.equal(res.status, 200, await drain(res));
    const got = await h.storage.get("photos/visit_7/1.jpg");
    assert.equal(got.contentType, "image/jpeg");
    assert.deepEqual(new Uint8Array(await new Response(got.body).arrayBuffer()), photo);
  },
);

contractTest(
  "the same presigned PUT with a wrong content type or an oversize body is refused",
  async (h) => {
    const photo = bytesOf(2048, 13);
    const up = await h.storage.presignUpload("photos/visit_8/1.jpg", {
      contentType: "image/jpeg",
      size: photo.byteLength,
    });
    const wrongType = await h.send(up.url, {
      method: "PUT",
      headers: { "Content-Type": "text/html" },
      body: photo,
    });
    const wrongTypeBody = await wrongType.text();
    assert.ok(
      [403, 415].includes(wrongType.status),
      `wrong type: ${wrongType.status} ${wrongTypeBody}`,
    );
    const oversize = await h.send(up.url, {
      method: "PUT",
      headers: up.headers,
      body: bytesOf(2049, 13),
    });
    const oversizeBody = await oversize.text();
    assert.ok([403, 413].includes(oversize.status), `oversize: ${oversize.status} ${oversizeBody}`);
    assert.equal(await h.storage.exists("photos/visit_8/1.jpg"), false);
    // The same URL, used as made, still works: the refusals were about the requests.
    const ok = await h.send(up.url, { method: "PUT", headers: up.headers, body: photo });
    assert.equal(ok.status, 200, await drain(ok));
  },
);

contractTest(
  "presigning an upload over the size limit or with a bad type is refused",
  async (h) => {
    await assert.rejects(
      h.storage.presignUpload("photos/big.jpg", { contentType: "image/jpeg", size: 1001 }),
      isAppError("PAYLOAD_TOO_LARGE", "size"),
    );
    await assert.rejects(
      h.storage.presignUpload("photos/big.jpg", { contentType: "jpeg", size: 10 }),
      isAppError("UNPROCESSABLE_CONTENT", "contentType"),
    );
    await assert.rejects(
      h.storage.presignUpload("photos/big.jpg", { contentType: "image/jpeg", size: 0 }),
      isAppError("UNPROCESSABLE_CONTENT", "size"),
    );
    const ok = await h.storage.presignUpload("photos/big.jpg", {
      contentType: "image/jpeg",
      size: 1000,
    });
    assert.ok(ok.url);
  },
  { uploadMaxBytes: 1000 },
);

contractTest("expired presigned PUT and GET links are refused", async (h) => {
  await h.storage.put("exports/old.csv", "a;b\n", { contentType: "text/csv" });
  const up = await h.storage.presignUpload("photos/late.jpg", {
    contentType: "image/jpeg",
    size: 3,
    expiresInS: 1,
  });
  const down = await h.storage.presignDownload("exports/old.csv", { expiresInS: 1 });
  await new Promise((r) => setTimeout(r, 2100));
  const put = await h.send(up.url, { method: "PUT", headers: up.headers, body: bytesOf(3) });
  assert.equal(put.status, 403, await drain(put));
  const get = await h.send(down.url);
  assert.equal(get.status, 403, await drain(get));
  assert.equal(await h.storage.exists("photos/late.jpg"), false);
});

contractTest(
  "a presigned GET serves the bytes with the filename; a tampered URL is refused",
  async (h) => {
    const csv = "номер;сумма\n1;100\n";
    await h.storage.put("exports/2024-05/registry.csv", csv, {
      contentType: "text/csv; charset=utf-8",
    });
    const down = await h.storage.presignDownload("exports/2024-05/registry.csv", {
      filename: "Реестр май.csv",
    });
    const res = await h.send(down.url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), csv);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /filename\*=UTF-8''%D0%A0%D0%B5%D0%B5%D1%81%D1%82%D1%80%20%D0%BC%D0%B0%D0%B9\.csv/,
    );
    await h.storage.put("exports/2024-05/salaries.csv", "secret", { contentType: "text/csv" });
    const tampered = pointElsewhere(
      down.url,
      "exports/2024-05/registry.csv",
      "exports/2024-05/salaries.csv",
    );
    assert.notEqual(tampered, down.url);
    const bad = await h.send(tampered);
    assert.equal(bad.status, 403, await drain(bad));
  },
);
