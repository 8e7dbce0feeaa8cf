/**
 * The visit completion form: DONE or CANCELLED, the outcome (required), the next action and
 * interests; sent through tRPC `crm.visits.complete` at the version the page showed, so an
 * edit made meanwhile by someone else comes back as a conflict instead of being overwritten.
 *
 * @module
 */
import { useState } from "preact/hooks";
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";
import { errorText, uiClient } from "../runtime/trpc.ts";

/** Props of {@link VisitComplete} (JSON). */
export interface VisitCompleteProps {
  id: string;
  version: number;
  interests: string[];
  labels: Dict["crm"];
}

const INTERESTS = ["INTERNET", "TV", "CCTV", "BABY_MONITOR", "OTHER"] as const;

/** The completion form. */
export default function VisitComplete({ id, version, interests, labels }: VisitCompleteProps) {
  const [status, setStatus] = useState<"DONE" | "CANCELLED">("DONE");
  const [outcome, setOutcome] = useState("");
  const [next, setNext] = useState("");
  const [chosen, setChosen] = useState<string[]>(interests);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const toggle = (i: string) =>
    setChosen((c) => (c.includes(i) ? c.filter((x) => x !== i) : [...c, i]));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!outcome.trim()) {
      setError(labels.outcomeRequired);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await uiClient().crm.visits.complete.mutate({
        id,
        version,
        status,
        outcome_text: outcome.trim(),
        interests: chosen as (typeof INTERESTS)[number][],
        // A local date-time from the input, sent with the browser's zone.
        next_action_due_at: next ? new Date(next).toISOString() : undefined,
      });
      location.reload();
    } catch (err) {
      const code = (err as { data?: { code?: string } }).data?.code;
      setError(
        code === "CONFLICT" ? labels.staleVersion : fmt(labels.failed, { error: errorText(err) }),
      );
      setBusy(false);
    }
  };

  return (
    <form class="filters" data-visit-complete="true" onSubmit={submit}>
      <h2>{labels.completeTitle}</h2>
      <label>
        {labels.completeAs}
        <select
          name="status"
          value={status}
          onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as "DONE")}
        >
          <option value="DONE">{labels.completeDone}</option>
          <option value="CANCELLED">{labels.completeCancelled}</option>
        </select>
      </label>
      <label>
        {labels.outcome}
        <input
          name="outcome_text"
          value={outcome}
          maxLength={5000}
          required
          onInput={(e) => setOutcome((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <label>
        {labels.nextAction}
        <input
          type="datetime-local"
          name="next_action_due_at"
          value={next}
          onInput={(e) => setNext((e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <fieldset>
        <legend>{labels.interests}</legend>
        {INTERESTS.map((i) => (
          <label key={i}>
            <input
              type="checkbox"
              name="interests"
              value={i}
              checked={chosen.includes(i)}
              onChange={() => toggle(i)}
            />
            {labels.interestLabels[i]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy}>{labels.completeSubmit}</button>
      {busy && <span class="live-state">{labels.working}</span>}
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}
