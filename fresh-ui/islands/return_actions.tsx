/**
 * The manager's decision on a pending return: accept, reject with a reason, or cancel — through
 * the typed tRPC client (`returns.accept` / `reject` / `cancel`); the page reloads to show the
 * new status and history.
 *
 * @module
 */
import { useState } from "preact/hooks";
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";
import { errorText, uiClient } from "../runtime/trpc.ts";

/** Props of {@link ReturnActions} (JSON). */
export interface ReturnActionsProps {
  id: string;
  labels: Dict["returns"];
}

type Verb = "accept" | "reject" | "cancel";

/** Accept / reject / cancel buttons. */
export default function ReturnActions({ id, labels }: ReturnActionsProps) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const act = async (verb: Verb) => {
    if (verb === "reject" && !reason.trim()) {
      setError(labels.reasonRequired);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const client = uiClient();
      if (verb === "accept") await client.returns.accept.mutate({ id });
      else if (verb === "reject") {
        await client.returns.reject.mutate({ id, data: { reason: reason.trim() } });
      } else await client.returns.cancel.mutate({ id });
      location.reload();
    } catch (err) {
      setError(fmt(labels.failed, { error: errorText(err) }));
      setBusy(false);
    }
  };

  return (
    <section class="return-actions" aria-label={labels.decide}>
      <h2>{labels.decide}</h2>
      <div class="filters">
        <button type="button" disabled={busy} onClick={() => act("accept")}>{labels.accept}</button>
        <label>
          {labels.reasonLabel}
          <input
            name="reason"
            value={reason}
            maxLength={500}
            onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <button type="button" disabled={busy} onClick={() => act("reject")}>{labels.reject}</button>
        <button type="button" disabled={busy} onClick={() => act("cancel")}>{labels.cancel}</button>
        {busy && <span class="live-state">{labels.working}</span>}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
