/**
 * RIFF/WAVE files: write a valid PCM recording of N seconds (a quiet tone, or silence) with
 * optional text in a `LIST/INFO` chunk, read the header back (duration, format, that text),
 * and split a long recording into pieces under an upload limit.
 *
 * The simulators use it both ways: the Bitrix24 simulator serves generated recordings, and the
 * OpenAI simulator decodes uploads to answer with their real duration. Text is kept in the
 * `ICMT` (comment) tag and a language in `ILNG` — both standard INFO ids, so the files still
 * play in any player — which lets a test choose what the simulated Whisper "hears".
 *
 * @module
 */

/** Options of {@link writeWav}. */
export interface WavOptions {
  /** Length of the recording; any fraction is rounded down to whole samples. */
  seconds: number;
  /** Samples per second; 8000 is telephone quality. */
  sampleRate?: number;
  channels?: 1 | 2;
  bitsPerSample?: 8 | 16;
  /** Frequency of the tone. */
  toneHz?: number;
  /** Loudness, 0..1 of full scale; 0 writes digital silence. */
  amplitude?: number;
  /** Text stored in the INFO `ICMT` tag; the OpenAI simulator returns it as the transcript. */
  text?: string;
  /** ISO-639-1 code stored in the INFO `ILNG` tag; the OpenAI simulator reports that language. */
  language?: string;
}

/** What {@link readWav} learns from a file's header. */
export interface WavInfo {
  /** WAVE format tag: 1 PCM, 3 IEEE float, 6 A-law, 7 µ-law (extensible files report the subformat). */
  formatTag: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Bytes of one sample frame across all channels. */
  blockAlign: number;
  /** Offset of the sample data in the file. */
  dataOffset: number;
  /** Bytes of sample data (clamped to what the file holds). */
  dataBytes: number;
  durationS: number;
  /** The INFO tags found (`ICMT`, `ILNG`, `INAM`, ...), decoded as UTF-8. */
  info: Record<string, string>;
  /** True when every PCM sample is zero (digital silence). */
  silent: boolean;
}

/** A file that is not a WAV, or whose header cannot be decoded. */
export class WavError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WavError";
  }
}

const FORMATS = new Set([1, 3, 6, 7]);
const EXTENSIBLE = 0xfffe;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function ascii(bytes: Uint8Array, at: number, length = 4): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** True when `bytes` start like a RIFF/WAVE file (cheap sniffing before a full read). */
export function looksLikeWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0) === "RIFF" && ascii(bytes, 8) === "WAVE";
}

function infoChunk(tags: Record<string, string>): Uint8Array {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (const [id, value] of Object.entries(tags)) {
    const text = encoder.encode(value + "\0");
    const part = new Uint8Array(8 + text.length + (text.length & 1));
    const view = new DataView(part.buffer);
    part.set(encoder.encode(id), 0);
    view.setUint32(4, text.length, true);
    part.set(text, 8);
    parts.push(part);
  }
  const body = parts.reduce((n, p) => n + p.length, 4);
  const chunk = new Uint8Array(8 + body);
  const view = new DataView(chunk.buffer);
  chunk.set(encoder.encode("LIST"), 0);
  view.setUint32(4, body, true);
  chunk.set(encoder.encode("INFO"), 8);
  let at = 12;
  for (const p of parts) {
    chunk.set(p, at);
    at += p.length;
  }
  return chunk;
}

type WavFormat = Pick<
  WavInfo,
  "formatTag" | "channels" | "sampleRate" | "blockAlign" | "bitsPerSample"
>;

/** A zeroed file of `dataBytes` samples with its RIFF, fmt, optional LIST and data headers. */
function allocate(fmt: WavFormat, info: Uint8Array, dataBytes: number) {
  const header = 12 + 24 + info.length + 8;
  const out = new Uint8Array(header + dataBytes + (dataBytes & 1));
  const view = new DataView(out.buffer);
  out.set(encoder.encode("RIFF"), 0);
  view.setUint32(4, out.length - 8, true);
  out.set(encoder.encode("WAVEfmt "), 8);
  view.setUint32(16, 16, true);
  view.setUint16(20, fmt.formatTag, true);
  view.setUint16(22, fmt.channels, true);
  view.setUint32(24, fmt.sampleRate, true);
  view.setUint32(28, fmt.sampleRate * fmt.blockAlign, true);
  view.setUint16(32, fmt.blockAlign, true);
  view.setUint16(34, fmt.bitsPerSample, true);
  out.set(info, 36);
  out.set(encoder.encode("data"), 36 + info.length);
  view.setUint32(40 + info.length, dataBytes, true);
  return { out, header };
}

/**
 * Writes a PCM WAV file: a sine tone (or silence) of `seconds`, optionally carrying text.
 *
 * @example
 * ```ts
 * const wav = writeWav({ seconds: 3, text: "Здравствуйте, слушаю вас.", language: "ru" });
 * readWav(wav).durationS; // 3
 * ```
 */
export function writeWav(options: WavOptions): Uint8Array<ArrayBuffer> {
  const rate = options.sampleRate ?? 8000;
  const channels = options.channels ?? 1;
  const bits = options.bitsPerSample ?? 16;
  if (!(options.seconds >= 0) || !Number.isFinite(options.seconds)) {
    throw new RangeError(`seconds must be a finite number ≥ 0, got ${options.seconds}`);
  }
  if (!Number.isInteger(rate) || rate < 1) {
    throw new RangeError(`sampleRate must be a positive integer, got ${rate}`);
  }
  const amplitude = options.amplitude ?? 0.05;
  if (!(amplitude >= 0 && amplitude <= 1)) {
    throw new RangeError(`amplitude must be within 0..1, got ${amplitude}`);
  }
  const frames = Math.floor(options.seconds * rate);
  const blockAlign = channels * bits / 8;
  const dataBytes = frames * blockAlign;
  const tags: Record<string, string> = {};
  if (options.text !== undefined) tags.ICMT = options.text;
  if (options.language !== undefined) tags.ILNG = options.language;
  const info = Object.keys(tags).length ? infoChunk(tags) : new Uint8Array(0);
  const format = { formatTag: 1, channels, sampleRate: rate, blockAlign, bitsPerSample: bits };
  const { out, header } = allocate(format, info, dataBytes);
  const view = new DataView(out.buffer);
  const step = 2 * Math.PI * (options.toneHz ?? 440) / rate;
  if (bits === 8) {
    // 8-bit PCM is unsigned: 128 is the zero line.
    for (let i = 0; i < frames; i++) {
      const v = Math.round(128 + 127 * amplitude * Math.sin(step * i));
      out.fill(v, header + i * channels, header + (i + 1) * channels);
    }
  } else if (amplitude > 0) {
    for (let i = 0; i < frames; i++) {
      const v = Math.round(32767 * amplitude * Math.sin(step * i));
      for (let c = 0; c < channels; c++) view.setInt16(header + (i * channels + c) * 2, v, true);
    }
  }
  return out;
}

function readInfo(bytes: Uint8Array, start: number, end: number): Record<string, string> {
  const info: Record<string, string> = {};
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = start; at + 8 <= end;) {
    const size = view.getUint32(at + 4, true);
    const value = bytes.subarray(at + 8, Math.min(at + 8 + size, end));
    info[ascii(bytes, at)] = decoder.decode(value).replace(/\0+$/, "").trim();
    at += 8 + size + (size & 1);
  }
  return info;
}

function isSilent(bytes: Uint8Array, info: Omit<WavInfo, "silent">): boolean {
  if (info.formatTag !== 1) return false;
  const zero = info.bitsPerSample === 8 ? 128 : 0;
  const end = info.dataOffset + info.dataBytes;
  for (let i = info.dataOffset; i < end; i++) if (bytes[i] !== zero) return false;
  return true;
}

/**
 * Reads a WAV file's header and INFO tags. Tolerates what real recorders write: chunks in any
 * order, unknown chunks, and a data size larger than the file (streamed recordings).
 *
 * @throws {WavError} when the bytes are not a decodable WAV
 */
export function readWav(bytes: Uint8Array): WavInfo {
  if (!looksLikeWav(bytes)) throw new WavError("not a RIFF/WAVE file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: WavFormat;
  let fmtFound = false;
  let info: Record<string, string> = {};
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) throw new WavError("truncated fmt chunk");
      let formatTag = view.getUint16(body, true);
      if (formatTag === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length) {
        formatTag = view.getUint16(body + 24, true); // first two bytes of the subformat GUID
      }
      fmt = {
        formatTag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
      if (!FORMATS.has(formatTag)) throw new WavError(`unsupported WAVE format tag ${formatTag}`);
      if (!fmt.channels || !fmt.sampleRate || !fmt.bitsPerSample) {
        throw new WavError("fmt chunk has zero channels, sample rate or sample size");
      }
      if (fmt.blockAlign !== fmt.channels * Math.ceil(fmt.bitsPerSample / 8)) {
        throw new WavError(`block align ${fmt.blockAlign} does not match the sample format`);
      }
      fmtFound = true;
    } else if (id === "LIST" && ascii(bytes, body) === "INFO") {
      info = readInfo(bytes, body + 4, Math.min(body + size, bytes.length));
    } else if (id === "data") {
      if (!fmtFound) throw new WavError("data chunk before the fmt chunk");
      const dataBytes = Math.min(size, bytes.length - body);
      const frames = Math.floor(dataBytes / fmt!.blockAlign);
      const head = { ...fmt!, dataOffset: body, dataBytes, info };
      const result = { ...head, durationS: frames / fmt!.sampleRate, silent: false };
      // INFO may follow the samples; read on when the declared size fits the file.
      const next = body + size + (size & 1);
      if (next + 8 <= bytes.length && ascii(bytes, next) === "LIST") {
        const rest = view.getUint32(next + 4, true);
        if (ascii(bytes, next + 8) === "INFO") {
          result.info = readInfo(bytes, next + 12, Math.min(next + 8 + rest, bytes.length));
        }
      }
      result.silent = isSilent(bytes, result);
      return result;
    }
    at = body + size + (size & 1);
  }
  throw new WavError(fmtFound ? "no data chunk" : "no fmt chunk");
}

/**
 * Splits a WAV into files of at most `maxBytes` each, cut on sample-frame boundaries with the
 * same format header — how a caller keeps uploads under Whisper's 25 MB limit.
 *
 * @example
 * ```ts
 * const parts = splitWav(longCall, 24 * 1024 * 1024);
 * ```
 */
export function splitWav(bytes: Uint8Array, maxBytes: number): Uint8Array<ArrayBuffer>[] {
  const wav = readWav(bytes);
  const header = 44;
  const perPart = Math.floor((maxBytes - header) / wav.blockAlign) * wav.blockAlign;
  if (perPart <= 0) throw new RangeError(`maxBytes ${maxBytes} leaves no room for samples`);
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let at = 0; at < wav.dataBytes || parts.length === 0; at += perPart) {
    const size = Math.min(perPart, wav.dataBytes - at);
    const { out: part } = allocate(wav, new Uint8Array(0), size);
    part.set(bytes.subarray(wav.dataOffset + at, wav.dataOffset + at + size), header);
    parts.push(part);
  }
  return parts;
}
