/**
 * The "retry" button of a failed or skipped call (supervisors): `calls.retry` through the typed
 * tRPC client, then the page reloads to show the call's new status.
 *
 * @module
 */
import { useState } from "preact/hooks";
import { fmt } from "../i18n/fmt.ts";
import type { Dict } from "../i18n/mod.ts";
import { errorText, uiClient } from "../runtime/trpc.ts";

/** Props of {@link CallRetry} (JSON). */
export interface CallRetryProps {
  id: string;
  labels: Dict["calls"];
}

/** One call's retry button. */
export default function CallRetry({ id, labels }: CallRetryProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const retry = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await uiClient().calls.retry.mutate({ id });
      location.reload();
    } catch (err) {
      setError(
        fmt(labels.retryFailed, { error: errorText(err) }),
      );
      setBusy(false);
    }
  };
  return (
    <span class="call-retry">
      <button type="button" class="replay" disabled={busy} onClick={retry} data-call-retry={id}>
        {busy ? labels.retrying : labels.retry}
      </button>
      {error && <span class="error" role="alert">{error}</span>}
    </span>
  );
}
