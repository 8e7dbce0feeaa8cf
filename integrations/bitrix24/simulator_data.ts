/**
 * The Bitrix24 simulator's call history: N calls spread over a period, generated from a seed so
 * the same seed always yields the same calls (ids, times, numbers, durations, words). Each call
 * knows the text its recording "says", so a test can check a transcript against it.
 *
 * @module
 */
import type { VoxStatisticRow } from "./types.ts";

/** How to generate a call history. */
export interface CallSeedOptions {
  /** Number of calls. */
  count: number;
  /** First moment calls may start. */
  from: Date;
  /** Last moment calls may start. */
  to: Date;
  /** PRNG seed; the same seed gives the same calls. */
  seed?: number;
  /** Shortest and longest call, in seconds (recordings are real audio of this length). */
  durationS?: [number, number];
  /** Share (0..1) of calls whose row carries CALL_RECORD_URL; the rest give only RECORD_FILE_ID. */
  recordUrlShare?: number;
  /** Share of calls that were missed and have no recording. */
  noRecordingShare?: number;
  /** Share of internal calls (to an extension). */
  internalShare?: number;
  /** Offset of the portal's clock in CALL_START_DATE (`+03:00`, Moscow). */
  offset?: string;
}

/** A generated call with what its recording holds. */
export interface SimCall {
  row: VoxStatisticRow;
  /** What the recording says (the simulated Whisper returns it). */
  text: string;
  /** Recording length in seconds (0 without a recording). */
  durationS: number;
  hasRecording: boolean;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TOPICS = [
  "ремонт стиральной машины",
  "замена экрана телефона",
  "гарантийный возврат ноутбука",
  "доставка холодильника",
  "диагностика посудомоечной машины",
  "установка кондиционера",
  "возврат бракованного пылесоса",
  "запись мастера на выезд",
];
const OPENINGS = ["Здравствуйте, сервисный центр, слушаю вас.", "Добрый день, компания Мастер."];
const CLOSINGS = ["Спасибо за звонок, всего доброго.", "Хорошо, договорились, до свидания."];

/** The portal's wall clock of `date` in `offset` (`+03:00`), as Bitrix24 writes dates. */
export function portalDate(date: Date, offset = "+03:00"): string {
  const sign = offset.startsWith("-") ? -1 : 1;
  const [h, m] = offset.slice(1).split(":").map(Number);
  const shifted = new Date(date.getTime() + sign * (h * 60 + m) * 60_000);
  return shifted.toISOString().slice(0, 19) + offset;
}

function phone(rand: () => number): string {
  const digits = Array.from({ length: 9 }, () => Math.floor(rand() * 10)).join("");
  // Portals store numbers as people typed them.
  const style = Math.floor(rand() * 3);
  return style === 0 ? `+79${digits}` : style === 1 ? `89${digits}` : `79${digits}`;
}

/**
 * Generates a call history, oldest first.
 *
 * @example
 * ```ts
 * const calls = seedCalls({ count: 3, from: new Date("2024-01-01"), to: new Date("2024-01-31") });
 * calls[0].row.CALL_START_DATE; // "2024-01-…T…+03:00"
 * ```
 */
export function seedCalls(options: CallSeedOptions): SimCall[] {
  const rand = prng(options.seed ?? 42);
  const [minS, maxS] = options.durationS ?? [2, 6];
  const span = Math.max(0, options.to.getTime() - options.from.getTime());
  const starts = Array.from({ length: options.count }, () =>
    // Whole seconds, as the portal stores them.
    Math.floor((options.from.getTime() + rand() * span) / 1000) * 1000).sort((a, b) => a - b);
  return starts.map((at, i) => {
    const n = i + 1;
    const missed = rand() < (options.noRecordingShare ?? 0);
    const internal = rand() < (options.internalShare ?? 0);
    const type = internal ? "1" : ["1", "2", "2", "3"][Math.floor(rand() * 4)];
    const durationS = missed ? 0 : minS + Math.floor(rand() * (maxS - minS + 1));
    const hex = Array.from({ length: 16 }, () => Math.floor(rand() * 16).toString(16)).join("");
    const callId = `${hex.toUpperCase()}.${Math.floor(at / 1000)}.${n}`;
    const withUrl = rand() < (options.recordUrlShare ?? 0.5);
    const topic = TOPICS[Math.floor(rand() * TOPICS.length)];
    const text = missed ? "" : `${OPENINGS[n % 2]} Звонок номер ${n}: ${topic}. ${CLOSINGS[n % 2]}`;
    const recordFileId = missed ? null : String(10_000 + n);
    return {
      text,
      durationS,
      hasRecording: !missed,
      row: {
        ID: String(n),
        CALL_ID: callId,
        CALL_TYPE: type,
        PORTAL_USER_ID: String(1 + Math.floor(rand() * 8)),
        PORTAL_NUMBER: "+74951234567",
        PHONE_NUMBER: internal ? String(100 + Math.floor(rand() * 50)) : phone(rand),
        CALL_DURATION: String(durationS),
        CALL_START_DATE: portalDate(new Date(at), options.offset),
        CALL_FAILED_CODE: missed ? "304" : "200",
        CALL_FAILED_REASON: missed ? "Missed call" : "Success call",
        COST: "0.0000",
        COST_CURRENCY: "RUR",
        RECORD_FILE_ID: recordFileId,
        // Filled in by the simulator, which knows its own address.
        CALL_RECORD_URL: withUrl && !missed ? "" : null,
        CRM_ENTITY_TYPE: "CONTACT",
        CRM_ENTITY_ID: String(500 + n),
        CRM_ACTIVITY_ID: String(9000 + n),
      },
    };
  });
}
