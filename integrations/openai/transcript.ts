/**
 * What the simulated Whisper "hears": a deterministic transcript derived from the upload. Text
 * embedded in the file (WAV INFO `ICMT`) is returned as is, so a test decides the words; any
 * other recording gets Russian call-centre sentences picked by the SHA-256 of its bytes, about
 * one per five seconds, so the same file always reads the same and different files differ.
 * Digital silence transcribes to nothing. Timings are spread over the real duration.
 *
 * @module
 */

const PHRASES = [
  "Здравствуйте, сервисный центр, слушаю вас.",
  "Добрый день, я по поводу ремонта стиральной машины.",
  "Подскажите, пожалуйста, номер вашего заказа.",
  "Мастер приедет завтра с десяти до двенадцати.",
  "Стоимость диагностики составит пятьсот рублей.",
  "Да, меня это устраивает, записывайте.",
  "Машина не сливает воду и показывает ошибку.",
  "Я передам информацию инженеру и перезвоню.",
  "Курьер заберёт возврат сегодня после обеда.",
  "Уточните, пожалуйста, адрес и удобное время.",
  "Гарантийный талон у меня сохранился.",
  "Запчасть придёт на склад в течение трёх дней.",
  "Спасибо, что обратились, всего доброго.",
  "Договор и счёт мы отправим вам на почту.",
  "Оплатить можно картой мастеру на месте.",
  "Хорошо, тогда жду звонка, до свидания.",
];

/** One timed piece of a transcript. */
export interface TimedText {
  start: number;
  end: number;
  text: string;
}

/** A transcript with segment and word timings. */
export interface Transcript {
  text: string;
  segments: TimedText[];
  words: TimedText[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Spreads `[start, end]` over pieces in proportion to their length in characters. */
function spread(pieces: string[], start: number, end: number): TimedText[] {
  const total = pieces.reduce((n, p) => n + p.length, 0) || 1;
  let at = start;
  return pieces.map((text) => {
    const from = at;
    at += (end - start) * text.length / total;
    return { start: round(from), end: round(at), text };
  });
}

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?…])\s+/).map((s) => s.trim()).filter(Boolean);
}

/**
 * The transcript of a recording.
 *
 * @param audio what the probe found: duration, embedded text, silence
 * @param digest SHA-256 of the uploaded bytes
 * @example
 * ```ts
 * transcriptOf({ durationS: 3, text: "Алло. Слушаю.", silent: false }, digest).segments;
 * // [{start: 0, end: 1.2, text: "Алло."}, {start: 1.2, end: 3, text: "Слушаю."}]
 * ```
 */
export function transcriptOf(
  audio: { durationS: number; text?: string; silent: boolean },
  digest: Uint8Array,
): Transcript {
  if (audio.silent && audio.text === undefined) return { text: "", segments: [], words: [] };
  let sentences: string[];
  if (audio.text !== undefined) {
    sentences = sentencesOf(audio.text);
  } else {
    const count = Math.max(1, Math.round(audio.durationS / 5));
    sentences = Array.from({ length: count }, (_, i) => {
      const pick = digest[(2 * i) % digest.length] * 256 + digest[(2 * i + 1) % digest.length];
      return PHRASES[(pick + i) % PHRASES.length];
    });
  }
  const segments = spread(sentences, 0, audio.durationS);
  const words = segments.flatMap((s) =>
    spread(
      s.text.split(/\s+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")),
      s.start,
      s.end,
    )
      .filter((w) => w.text)
  );
  return { text: sentences.join(" "), segments, words };
}
