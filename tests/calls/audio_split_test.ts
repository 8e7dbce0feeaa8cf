import assert from "node:assert/strict";
import { readMp3, writeSilentMp3 } from "../../integrations/audio/mp3.ts";
import { readWav, writeWav } from "../../integrations/audio/wav.ts";
import { splitMp3, UnsplittableAudio, uploadParts } from "../../jobs/calls/stt.ts";

Deno.test("an MP3 is cut on frame headers: every piece decodes and the pieces add up to the whole", () => {
  const mp3 = writeSilentMp3(60);
  const parts = splitMp3(mp3, 5_000);
  assert.ok(parts.length > 1);
  assert.ok(parts.every((p) => p.length <= 5_000));
  assert.equal(parts.reduce((n, p) => n + p.length, 0), mp3.length);
  const total = parts.reduce((s, p) => s + readMp3(p).durationS, 0);
  assert.ok(Math.abs(total - readMp3(mp3).durationS) < 1e-9, `${total} s`);
});

Deno.test("uploads: a small file goes whole, a WAV in sample-frame pieces, another big format is refused", () => {
  const wav = writeWav({ seconds: 3 });
  assert.deepEqual(uploadParts(wav, "wav", 1_000_000), [wav]);
  const parts = uploadParts(wav, "wav", 20_000);
  assert.equal(parts.length, 3);
  assert.ok(Math.abs(parts.reduce((s, p) => s + readWav(p).durationS, 0) - 3) < 1e-9);
  const ogg = new Uint8Array(50_000);
  assert.throws(() => uploadParts(ogg, "ogg", 20_000), UnsplittableAudio);
});
