/**
 * What the simulated chat model answers: a deterministic summary of the conversation it was
 * given. User messages are read as chat lines (`[time] author: text`, or plain lines); the
 * answer names how many replies there were and who spoke, then quotes the first sentence of
 * the first five replies. The same messages always give the same summary, so tests can assert
 * on it, and it reads like a summary in the UI.
 *
 * @module
 */

/** A chat message as the API receives it. */
export interface ChatMessage {
  role: string;
  content?: string | Array<{ type: string; text?: string }> | null;
  name?: string;
}

interface Reply {
  author?: string;
  text: string;
}

const LINE = /^\s*(?:\[[^\]]*\]\s*)?([^:\n]{1,40}):\s+(.+)$/;
const BULLETS = 5;
const BULLET_CHARS = 160;

/** The text of a message, whether a string or an array of content parts. */
export function textOf(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return (message.content ?? []).map((p) => p.text ?? "").join("\n");
}

function repliesOf(messages: ChatMessage[]): Reply[] {
  const lines = messages.filter((m) => m.role === "user")
    .flatMap((m) => textOf(m).split("\n"))
    .map((l) => l.trim())
    .filter(Boolean);
  const authored = lines.map((l) => l.match(LINE)).filter((m) => m !== null)
    .map((m) => ({ author: m[1].trim(), text: m[2].trim() }));
  // Lines with an author are the conversation; the rest is the instruction around it.
  return authored.length ? authored : lines.map((text) => ({ text }));
}

function firstSentence(text: string): string {
  const sentence = text.match(/^.+?[.!?…](?=\s|$)/)?.[0] ?? text;
  return sentence.length > BULLET_CHARS ? sentence.slice(0, BULLET_CHARS - 1) + "…" : sentence;
}

function plural(n: number, one: string, few: string, many: string): string {
  const d = n % 10, h = n % 100;
  if (d === 1 && h !== 11) return one;
  return d >= 2 && d <= 4 && (h < 12 || h > 14) ? few : many;
}

/**
 * The simulator's summary of `messages`.
 *
 * @example
 * ```ts
 * summarizeMessages([{ role: "user", content: "Анна: Привет! Как дела?\nБорис: Отлично." }]);
 * // "Итоги обсуждения: 2 реплики, участники: Анна (1), Борис (1).\n- Анна: Привет!\n- Борис: Отлично."
 * ```
 */
export function summarizeMessages(messages: ChatMessage[]): string {
  const replies = repliesOf(messages);
  if (replies.length === 0) return "Итоги обсуждения: сообщений нет.";
  const counts = new Map<string, number>();
  for (const r of replies) if (r.author) counts.set(r.author, (counts.get(r.author) ?? 0) + 1);
  const who = [...counts].map(([name, n]) => `${name} (${n})`).join(", ");
  const n = replies.length;
  const head = `Итоги обсуждения: ${n} ${plural(n, "реплика", "реплики", "реплик")}` +
    (who ? `, участники: ${who}.` : ".");
  const bullets = replies.slice(0, BULLETS).map((r) =>
    `- ${r.author ? `${r.author}: ` : ""}${firstSentence(r.text)}`
  );
  return [head, ...bullets].join("\n");
}
