/**
 * The refresh loop of live islands: runs `refresh` now and then every `pollMs` after the last
 * run ended (never two at once), skips runs while the tab is hidden, and stops when the island
 * goes away or `refresh` changes.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";

/**
 * Polls `refresh` (keep it stable with `useCallback`); returns whether the island is live,
 * which is false in the server render and the first browser render so both match.
 *
 * @example
 * ```tsx
 * const refresh = useCallback(() => load(filter), [load, filter]);
 * const live = usePolling(refresh, 1_000);
 * ```
 */
export function usePolling(refresh: () => Promise<void>, pollMs: number): boolean {
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(true);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (!document.hidden) await refresh();
      if (!stopped) timer = setTimeout(tick, pollMs);
    };
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh, pollMs]);
  return live;
}
