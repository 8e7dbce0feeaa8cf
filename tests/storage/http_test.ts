import assert from "node:assert/strict";
import { contentDisposition, parseRange } from "../../storage/http.ts";

Deno.test("Content-Disposition carries an ASCII fallback and the exact Unicode name", () => {
  assert.equal(
    contentDisposition("Отчёт (май) 100%.xlsx"),
    `attachment; filename="_____ (___) 100_.xlsx"; filename*=UTF-8''` +
      "%D0%9E%D1%82%D1%87%D1%91%D1%82%20%28%D0%BC%D0%B0%D0%B9%29%20100%25.xlsx",
  );
  assert.equal(
    contentDisposition('a"b\\c.txt', "inline"),
    `inline; filename="a_b_c.txt"; filename*=UTF-8''a%22b%5Cc.txt`,
  );
});

Deno.test("Range headers parse as RFC 9110 says, clamped to the object", () => {
  assert.deepEqual(parseRange("bytes=0-99", 1000), { start: 0, end: 99 });
  assert.deepEqual(parseRange("bytes=900-", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=900-5000", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-100", 1000), { start: 900, end: 999 });
  assert.deepEqual(parseRange("bytes=-5000", 1000), { start: 0, end: 999 });
  assert.equal(parseRange("bytes=1000-", 1000), "unsatisfiable");
  assert.equal(parseRange("bytes=-0", 1000), "unsatisfiable");
  // Whole object: no header, a multi-range, a malformed or reversed one.
  for (const h of [undefined, "", "bytes=0-1,5-6", "items=0-1", "bytes=5-1", "bytes=-"]) {
    assert.equal(parseRange(h, 1000), undefined, String(h));
  }
});
