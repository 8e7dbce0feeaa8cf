/**
 * The period report, `reports/summary_<period>.md`: the run's numbers for people (in Russian,
 * like the rest of the user-facing text) — calls, transcribed, skipped by reason, failed with
 * the calls that failed, minutes and the cost at WHISPER_RATE_PER_MIN_USD.
 *
 * @module
 */
import type { RunSummary } from "./summary.ts";

/** A failed call listed in the report. */
export interface FailedCall {
  call_id: string;
  record_id: string;
  error_code: string | null;
  error_message: string | null;
}

const REASONS: Record<string, string> = {
  no_recording: "нет записи разговора",
  too_long: "длиннее STT_MAX_FILE_MINUTES",
  stt_disabled: "распознавание выключено (нет OPENAI_API_KEY или STT_MAX_FILE_MINUTES=0)",
  unreadable_row: "строка Bitrix24 не читается",
};

const CODES: Record<string, string> = {
  corrupt_audio: "запись повреждена",
  missing_audio: "запись недоступна в Bitrix24",
  too_large: "файл не делится на части до 25 МБ",
  download_failed: "не удалось скачать запись",
  stt_failed: "ошибка распознавания",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s+/g, " ");
}

/**
 * The report's Markdown.
 *
 * @example
 * ```ts
 * const md = periodReport(summary, failedCalls);
 * await deps.storage.put(reportKey(from, to, tz), md, { contentType: "text/markdown; charset=utf-8" });
 * ```
 */
export function periodReport(s: RunSummary, failed: FailedCall[], failedShown = 100): string {
  const lines = [
    `# Тексты звонков: ${s.period_from.slice(0, 10)} — ${s.period_to.slice(0, 10)}`,
    "",
    `Запуск \`${s.run_id}\`, период ${s.period_from} — ${s.period_to}.`,
    "",
    "| Показатель | Значение |",
    "|---|---:|",
    `| Звонков в периоде | ${s.calls_found} |`,
    `| С записью | ${s.recordings} |`,
    `| Расшифровано в этом запуске | ${s.transcribed} |`,
    `| Расшифровано ранее | ${s.already_transcribed} |`,
    `| Пропущено | ${s.skipped} |`,
    `| Ошибок | ${s.failed} |`,
    `| Минут (с округлением вверх) | ${s.minutes} |`,
    `| Стоимость | ${s.cost_text} ${s.currency} (${s.rate_per_min} ${s.currency}/мин) |`,
    "",
  ];
  const skipped = Object.entries(s.skipped_by_reason);
  if (skipped.length) {
    lines.push("## Пропущено по причинам", "", "| Причина | Звонков |", "|---|---:|");
    for (const [reason, n] of skipped) {
      lines.push(`| ${cell(REASONS[reason] ?? reason)} (\`${reason}\`) | ${n} |`);
    }
    lines.push("");
  }
  if (failed.length) {
    lines.push("## Ошибки", "", "| Звонок | Запись | Код | Подробности |", "|---|---|---|---|");
    for (const f of failed.slice(0, failedShown)) {
      const code = f.error_code ?? "unknown";
      lines.push(
        `| ${cell(f.call_id)} | ${cell(f.record_id)} | \`${code}\` ${cell(CODES[code] ?? "")} | ${
          cell(f.error_message ?? "")
        } |`,
      );
    }
    if (failed.length > failedShown) lines.push("", `…и ещё ${failed.length - failedShown}.`);
    lines.push("");
  }
  lines.push(`Реестр: \`${s.csv_path ?? "—"}\``, "");
  return lines.join("\n");
}
