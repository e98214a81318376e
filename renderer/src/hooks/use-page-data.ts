/** Page data lifecycle: load on first visit, and refresh (debounced) when live events say so. */
import { useEffect, useRef } from 'react';

/** Calls `load` when the page mounts if nothing is loaded yet, else refreshes quietly. */
export function useLoadOnMount(load: () => Promise<void> | void): void {
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    void loadRef.current();
  }, []);
}

/**
 * Re-runs `load` `delayMs` after `signal` last changed (a counter of live events), so a burst of
 * requests causes one refresh, not hundreds.
 */
export function useRefreshOn(signal: number, load: () => Promise<void> | void, delayMs = 1_500): void {
  const loadRef = useRef(load);
  loadRef.current = load;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => void loadRef.current(), delayMs);
    return () => clearTimeout(timer);
  }, [signal, delayMs]);
}
