import type { IncomingMessage } from 'node:http';
import type { ServerConfig } from '../config/schema';
import { GatewayError } from '../errors/gateway-error';

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** The hostname of a Host header, without port; IPv6 literals keep their brackets. */
export function hostnameOf(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1).toLowerCase();
  }
  const colon = host.indexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

export function isLoopbackName(name: string): boolean {
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(name);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The Host-header name of the address the gateway listens on (IPv6 in brackets, as clients
 * send it), or undefined for a wildcard address, which names no host of its own.
 */
export function listenHostName(listenHost: string): string | undefined {
  const host = listenHost.trim().toLowerCase();
  if (WILDCARDS.has(host)) return undefined;
  return host.includes(':') ? canonicalIPv6(host.startsWith('[') ? hostnameOf(host) : `[${host}]`) : hostnameOf(host);
}

/** One spelling per IPv6 address (`[::ffff:127.0.0.2]` and `[::ffff:7f00:2]` are the same host). */
function canonicalIPv6(bracketed: string): string {
  try {
    return new URL(`http://${bracketed}/`).hostname;
  } catch {
    return bracketed;
  }
}

/**
 * Refuses requests a browser could have been tricked into sending: a Host that is not ours
 * (DNS rebinding) or an Origin from a foreign site. Clients that are not browsers send no
 * Origin and pass. `listenName` is listenHostName() of the address actually listened on,
 * which `--host` / SWITCHBOARD_HOST may have set instead of `server.host`.
 */
export function checkIngress(
  req: IncomingMessage,
  server: ServerConfig,
  listenName: string | undefined,
  extraOrigins: readonly string[] = [],
): GatewayError | undefined {
  const host = req.headers.host;
  if (!host) return new GatewayError('invalid_request', 'Missing Host header', { code: 'host_missing', status: 400 });
  const name = hostnameOf(host);
  if (!isAllowedHost(name, server, listenName)) {
    return new GatewayError('permission', `Host "${name}" is not allowed; add it to server.allowedHosts to serve it`, {
      code: 'host_not_allowed',
      status: 403,
    });
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isAllowedOrigin(origin, host, server, extraOrigins)) {
    return new GatewayError('permission', 'Cross-origin browser requests are not allowed; add the origin to server.allowedOrigins', {
      code: 'origin_not_allowed',
      status: 403,
    });
  }
  return undefined;
}

function isAllowedHost(name: string, server: ServerConfig, listenName: string | undefined): boolean {
  if (isLoopbackName(name) || name === listenName) return true;
  if (listenName?.startsWith('[') && name.startsWith('[') && canonicalIPv6(name) === listenName) return true;
  return server.allowedHosts.some((allowed) => allowed.toLowerCase() === name);
}

function isAllowedOrigin(origin: string, host: string, server: ServerConfig, extraOrigins: readonly string[]): boolean {
  if (server.allowedOrigins.includes(origin) || extraOrigins.includes(origin)) return true;
  // The desktop app's own renderer.
  if (origin === 'app://switchboard') return true;
  try {
    const url = new URL(origin);
    // Same origin: the UI served by this gateway.
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** POST bodies must be JSON; anything else is refused before it is read. */
export function checkJsonContentType(req: IncomingMessage): GatewayError | undefined {
  const type = req.headers['content-type'];
  // What SDKs send, checked before any string is cut up.
  if (type === 'application/json') return undefined;
  const essence = type?.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/json' || (essence !== undefined && /^application\/[\w.+-]*\+json$/.test(essence))) return undefined;
  return new GatewayError('invalid_request', `Content-Type must be application/json (got ${essence ? `"${essence}"` : 'none'})`, {
    status: 415,
    code: 'unsupported_media_type',
  });
}

const EXPOSED = [
  'x-switchboard-request-id',
  'x-switchboard-route',
  'x-switchboard-provider',
  'x-switchboard-model',
  'x-switchboard-attempts',
  'x-switchboard-cost-usd',
  'x-switchboard-cache',
  'retry-after',
].join(', ');

/**
 * CORS headers for an origin checkIngress already allowed (the desktop renderer on app://,
 * configured origins). Same-origin requests need none.
 */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || isSameOrigin(origin, req.headers.host ?? '')) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED };
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(req),
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta, x-switchboard-metadata, cache-control, last-event-id',
    'access-control-max-age': '600',
  };
}

function isSameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
