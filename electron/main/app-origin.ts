/**
 * Where the renderer comes from. In production it is served by our own `app://` protocol; in
 * development electron-vite's dev server serves it over loopback HTTP. Everything that trusts
 * "the app" (IPC sender checks, navigation, CORS on the gateway) asks this module.
 */

export const APP_SCHEME = 'app';
/** A fixed host gives `app://` pages a stable tuple origin (standard schemes need one). */
export const APP_HOST = 'switchboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export interface RendererSource {
  /** The URL the main window loads. */
  entryUrl: string;
  /** `scheme://host[:port]` of that URL, as the gateway's CORS check and IPC checks compare it. */
  origin: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The dev server URL when running under `electron-vite dev`, else the packaged app:// entry.
 * A dev URL is only honoured for unpackaged builds and only on loopback, so a stray
 * ELECTRON_RENDERER_URL cannot point a released app at a remote page.
 */
export function resolveRendererSource(isPackaged: boolean, devUrl: string | undefined): RendererSource {
  if (!isPackaged && devUrl) {
    const url = parseUrl(devUrl);
    if (url && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
      return { entryUrl: url.href, origin: url.origin };
    }
  }
  return { entryUrl: APP_ENTRY_URL, origin: APP_ORIGIN };
}

/**
 * Whether `url` belongs to `origin`. Compares scheme and host explicitly because WHATWG URL
 * reports an opaque `"null"` origin for non-special schemes such as app://.
 */
export function isSameOrigin(url: string, origin: string): boolean {
  const a = parseUrl(url);
  const b = parseUrl(origin);
  if (!a || !b) return false;
  return a.protocol === b.protocol && a.host === b.host && a.host !== '';
}

/** Whether `url` is a web page we may hand to the user's browser. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== undefined && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.host !== '';
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
