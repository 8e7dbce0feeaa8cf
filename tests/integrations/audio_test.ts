import assert from "node:assert/strict";
import { readMp3, writeSilentMp3 } from "../../integrations/audio/mp3.ts";
import { probeAudio } from "../../integrations/audio/probe.ts";
import { readWav, splitWav, WavError, writeWav } from "../../integrations/audio/wav.ts";

Deno.test("a written WAV reads back with its duration, format and embedded text", () => {
  const wav = writeWav({ seconds: 2.5, text: "Алло, слушаю вас.", language: "ru" });
  const info = readWav(wav);
  assert.equal(info.durationS, 2.5);
  assert.equal(info.sampleRate, 8000);
  assert.equal(info.channels, 1);
  assert.equal(info.bitsPerSample, 16);
  assert.equal(info.formatTag, 1);
  assert.equal(info.dataBytes, 2.5 * 8000 * 2);
  assert.equal(info.info.ICMT, "Алло, слушаю вас.");
  assert.equal(info.info.ILNG, "ru");
  assert.equal(info.silent, false);
  // The RIFF size covers the whole file, as players check.
  assert.equal(new DataView(wav.buffer).getUint32(4, true), wav.length - 8);
});

Deno.test("a WAV of digital silence is reported silent; stereo 8-bit reads right", () => {
  assert.equal(readWav(writeWav({ seconds: 1, amplitude: 0 })).silent, true);
  const stereo = readWav(
    writeWav({ seconds: 0.5, channels: 2, bitsPerSample: 8, sampleRate: 16000 }),
  );
  assert.equal(stereo.durationS, 0.5);
  assert.equal(stereo.blockAlign, 2);
  assert.equal(stereo.silent, false);
});

Deno.test("readWav refuses bytes that are not a WAV and WAVs without samples", () => {
  assert.throws(() => readWav(new TextEncoder().encode("hello, not audio at all")), WavError);
  const wav = writeWav({ seconds: 1 });
  assert.throws(() => readWav(wav.subarray(0, 30)), /truncated fmt chunk/);
  const noData = wav.slice(0, 36);
  new DataView(noData.buffer).setUint32(4, 28, true);
  assert.throws(() => readWav(noData), /no data chunk/);
  const badAlign = wav.slice();
  new DataView(badAlign.buffer).setUint16(32, 3, true);
  assert.throws(() => readWav(badAlign), /block align/);
});

Deno.test("a streamed WAV whose data size overstates the file is read up to its end", () => {
  const wav = writeWav({ seconds: 1 });
  new DataView(wav.buffer).setUint32(40, 0xffffffff, true);
  assert.equal(readWav(wav).durationS, 1);
});

Deno.test("splitWav cuts a long recording into valid WAVs under the limit that add up", () => {
  const wav = writeWav({ seconds: 10 });
  const parts = splitWav(wav, 50_000);
  assert.equal(parts.length, 4);
  for (const p of parts) assert.ok(p.length <= 50_000);
  const total = parts.reduce((n, p) => n + readWav(p).durationS, 0);
  assert.ok(Math.abs(total - 10) < 1e-9, `total ${total}`);
  assert.deepEqual(splitWav(wav, wav.length).map((p) => p.length), [wav.length]);
});

Deno.test("a silent MP3 is counted frame by frame", () => {
  const mp3 = writeSilentMp3(2);
  const info = readMp3(mp3);
  assert.equal(info.frames, 56);
  assert.equal(info.sampleRate, 32000);
  assert.equal(info.channels, 1);
  assert.equal(info.durationS, 56 * 1152 / 32000);
  // An ID3v2 tag in front and junk behind do not change the count.
  const id3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5]);
  const tagged = new Uint8Array([...id3, ...mp3, ...new TextEncoder().encode("TAG junk")]);
  assert.equal(readMp3(tagged).frames, 56);
});

Deno.test("probeAudio decodes WAV and MP3 and tells other bytes apart", () => {
  const wav = probeAudio(writeWav({ seconds: 1, text: "Да." }));
  assert.deepEqual(wav, {
    ok: true,
    format: "wav",
    durationS: 1,
    text: "Да.",
    language: undefined,
    silent: false,
  });
  const mp3 = probeAudio(writeSilentMp3(1));
  assert.equal(mp3.ok && mp3.format, "mp3");
  const ogg = probeAudio(new TextEncoder().encode("OggS\0\x02rest-of-an-ogg-page"));
  assert.deepEqual(ogg.ok ? null : [ogg.reason, ogg.container], ["container", "ogg"]);
  const text = probeAudio(new TextEncoder().encode("just some text"));
  assert.deepEqual(text.ok ? null : text.reason, "invalid");
  const broken = writeWav({ seconds: 1 }).subarray(0, 20);
  assert.deepEqual(probeAudio(broken).ok, false);
});
