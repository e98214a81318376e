/**
 * The app:// protocol: serves the built renderer (out/renderer) to the main window, with a CSP
 * header on every response. Used instead of file:// so the page has a real origin and no
 * file-system privileges.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../app-origin';
import { mimeTypeFor } from './mime-types';

/**
 * Must run before `app.ready`. standard: relative URLs and a tuple origin; secure: treated like
 * https (storage, secure-context APIs); supportFetchAPI: fetch() of app:// assets. Deliberately
 * not corsEnabled, which would let other origins read app:// responses.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
}

export interface AppProtocolOptions {
  /** Absolute directory holding index.html and assets (out/renderer). */
  root: string;
  /** Returns the current CSP; called per request so it follows the gateway's port. */
  contentSecurityPolicy: () => string;
  readFile?: (path: string) => Promise<Uint8Array>;
}

export type AppProtocolHandler = (request: Request) => Promise<Response>;

/** The request handler for `protocol.handle('app', ...)`. Only GET/HEAD of files under `root`. */
export function createAppProtocolHandler(options: AppProtocolOptions): AppProtocolHandler {
  const root = resolve(options.root);
  const readFile = options.readFile ?? ((path: string) => fsReadFile(path));

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return plain(404, 'Not Found');

    const file = resolveInsideRoot(root, url.pathname);
    if (file === undefined) return plain(403, 'Forbidden');

    let body: Uint8Array;
    try {
      body = await readFile(file);
    } catch {
      return plain(404, 'Not Found');
    }
    const headers = new Headers({
      'content-type': mimeTypeFor(extname(file)),
      'content-security-policy': options.contentSecurityPolicy(),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    return new Response(request.method === 'HEAD' ? null : new Blob([body]), { status: 200, headers });
  };
}

/** Installs the handler on the default session (after `app.ready`). */
export function installAppProtocol(protocol: Pick<Protocol, 'handle'>, handler: AppProtocolHandler): void {
  protocol.handle(APP_SCHEME, handler);
}

/**
 * Maps a URL path to a file under `root`, or undefined when it would escape it. The URL parser
 * already folds plain `..` segments, but percent-encoded separators (`..%2f`, `..%5c`) only turn
 * into traversal after decoding, so containment is checked on the decoded, resolved path.
 */
export function resolveInsideRoot(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relativePath = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^[/\\]+/, '');
  const file = resolve(root, relativePath);
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return file;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
