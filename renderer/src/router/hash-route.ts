/**
 * Navigation by URL hash (`#/logs/req_123`). The desktop app's app:// handler serves files only
 * (no fallback to index.html for deep paths), so a hash keeps every page reloadable in both modes.
 */
import { useSyncExternalStore } from 'react';

export const PAGES = ['overview', 'routes', 'logs', 'cache', 'costs', 'providers', 'keys', 'connect', 'settings'] as const;
export type PageId = (typeof PAGES)[number];

export interface HashRoute {
  page: PageId;
  /** The rest of the path: a route name on Routes, a request id on Logs. */
  param: string | null;
}

/** `#/logs/abc` → { page: 'logs', param: 'abc' }; anything unknown is the Overview. */
export function parseHash(hash: string): HashRoute {
  const path = hash.replace(/^#\/?/, '');
  const slash = path.indexOf('/');
  const head = slash === -1 ? path : path.slice(0, slash);
  const rest = slash === -1 ? '' : path.slice(slash + 1);
  const page = (PAGES as readonly string[]).includes(head) ? (head as PageId) : 'overview';
  let param: string | null = null;
  if (rest) {
    try {
      param = decodeURIComponent(rest);
    } catch {
      param = rest;
    }
  }
  return { page, param };
}

export function hrefFor(page: PageId, param?: string | null): string {
  return param ? `#/${page}/${encodeURIComponent(param)}` : `#/${page}`;
}

export function navigate(page: PageId, param?: string | null): void {
  window.location.hash = hrefFor(page, param);
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current hash, re-rendering on change. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash, () => '');
}
