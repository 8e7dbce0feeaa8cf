/**
 * MPEG audio Layer III (MP3) frame walking: duration of a file from its frame headers, the way
 * a decoder counts it, and a writer of silent MP3s for tests. Call recordings from telephony
 * (Bitrix24) are usually MP3, so the OpenAI simulator decodes them too.
 *
 * @module
 */

/** What {@link readMp3} learns from a file. */
export interface Mp3Info {
  /** 1, 2 or 2.5 (MPEG version). */
  version: 1 | 2 | 2.5;
  sampleRate: number;
  channels: 1 | 2;
  /** Audio frames counted (a Xing/Info header frame excluded). */
  frames: number;
  durationS: number;
}

/** Bytes that are not a decodable MP3. */
export class Mp3Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Mp3Error";
  }
}

// ISO 11172-3 / 13818-3 tables for Layer III, kbit/s by bitrate index.
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface Frame {
  length: number;
  samples: number;
  sampleRate: number;
  version: 1 | 2 | 2.5;
  channels: 1 | 2;
}

function frameAt(bytes: Uint8Array, at: number): Frame | undefined {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return;
  const versionBits = (bytes[at + 1] >> 3) & 3;
  const layer = (bytes[at + 1] >> 1) & 3;
  const bitrateIndex = bytes[at + 2] >> 4;
  const rateIndex = (bytes[at + 2] >> 2) & 3;
  if (versionBits === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15) return;
  if (rateIndex === 3) return;
  const v1 = versionBits === 3;
  const kbps = (v1 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex];
  const sampleRate = RATES[versionBits][rateIndex];
  const padding = (bytes[at + 2] >> 1) & 1;
  const length = Math.floor((v1 ? 144_000 : 72_000) * kbps / sampleRate) + padding;
  return {
    length,
    samples: v1 ? 1152 : 576,
    sampleRate,
    version: v1 ? 1 : versionBits === 2 ? 2 : 2.5,
    channels: (bytes[at + 3] >> 6) === 3 ? 1 : 2,
  };
}

/** True when a valid Layer III frame header starts at `at` (a safe place to cut). */
export function isMp3FrameAt(bytes: Uint8Array, at: number): boolean {
  return frameAt(bytes, at) !== undefined;
}

/** Bytes taken by an ID3v2 tag at the start (its size is stored as four 7-bit bytes). */
function id3Length(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  const size = (bytes[6] << 21) | (bytes[7] << 14) | (bytes[8] << 7) | bytes[9];
  const footer = bytes[5] & 0x10 ? 10 : 0;
  return 10 + size + footer;
}

/** True when `bytes` start like an MP3 (an ID3v2 tag or a Layer III frame header). */
export function looksLikeMp3(bytes: Uint8Array): boolean {
  return id3Length(bytes) > 0 || frameAt(bytes, 0) !== undefined;
}

function hasXingHeader(bytes: Uint8Array, at: number, frame: Frame): boolean {
  const tag = new TextDecoder().decode(bytes.subarray(at + 4, at + Math.min(frame.length, 48)));
  return tag.includes("Xing") || tag.includes("Info");
}

/**
 * Counts the frames of an MP3 and returns its duration. Leading junk up to 64 kB and trailing
 * tags are skipped; a sync word only counts when the next frame follows where it should.
 *
 * @throws {Mp3Error} when no run of valid Layer III frames is found
 */
export function readMp3(bytes: Uint8Array): Mp3Info {
  let at = id3Length(bytes);
  const scanEnd = Math.min(bytes.length, at + 65_536);
  let first: Frame | undefined;
  for (; at < scanEnd; at++) {
    const frame = frameAt(bytes, at);
    if (!frame) continue;
    const next = at + frame.length;
    if (next === bytes.length || frameAt(bytes, next)) {
      first = frame;
      break;
    }
  }
  if (!first) throw new Mp3Error("no MPEG Layer III frames found");
  let frames = hasXingHeader(bytes, at, first) ? -1 : 0;
  let samples = 0;
  for (let frame = frameAt(bytes, at); frame; frame = frameAt(bytes, at)) {
    if (frame.sampleRate !== first.sampleRate || at + frame.length > bytes.length) break;
    frames++;
    if (frames > 0) samples += frame.samples;
    at += frame.length;
  }
  if (frames <= 0) throw new Mp3Error("the MP3 has no audio frames");
  return {
    version: first.version,
    sampleRate: first.sampleRate,
    channels: first.channels,
    frames,
    durationS: samples / first.sampleRate,
  };
}

/**
 * Writes a silent MP3 (MPEG-1 Layer III, 32 kbit/s, 32 kHz mono) of at least `seconds`: frames
 * whose side information is all zero, which every decoder plays as silence.
 *
 * @example
 * ```ts
 * const mp3 = writeSilentMp3(2);
 * readMp3(mp3).durationS; // 2.016 (56 frames of 36 ms)
 * ```
 */
export function writeSilentMp3(seconds: number): Uint8Array<ArrayBuffer> {
  const frameLength = 144; // 144000 * 32 / 32000, no padding
  const frames = Math.ceil(seconds * 32000 / 1152);
  const out = new Uint8Array(frames * frameLength);
  for (let i = 0; i < frames; i++) out.set([0xff, 0xfb, 0x18, 0xc0], i * frameLength);
  return out;
}
