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

/** Headers a reverse proxy adds to what it relays (Caddy, Traefik, Apache, HAProxy, Squid; nginx when configured to). */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'via'] as const;

/**
 * Whether the caller is a program on this machine, for `auth: open-on-loopback`. A reverse proxy
 * on this machine connects from loopback too, on behalf of whoever reached it; it says so with a
 * forwarding header, and such a request is not a local caller.
 */
export function isLocalCaller(req: IncomingMessage): boolean {
  const { headers } = req;
  return isLoopbackAddress(req.socket.remoteAddress) && FORWARDING_HEADERS.every((name) => headers[name] === undefined);
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

/**
 * Response headers a page on an allowed origin may read: the gateway's own `x-switchboard-*`
 * and `x-ratelimit-*`, and what the official SDKs read from any server: `x-request-id` /
 * `request-id` (the id in their errors), `retry-after`, `retry-after-ms` and `x-should-retry`
 * (their retry rules). CORS has no prefix form, so every name is listed.
 */
export const EXPOSED_HEADERS: readonly string[] = [
  'x-switchboard-request-id',
  'x-switchboard-route',
  'x-switchboard-provider',
  'x-switchboard-model',
  'x-switchboard-attempts',
  'x-switchboard-cost-usd',
  'x-switchboard-overhead-ms',
  'x-switchboard-cache',
  'x-switchboard-token-count',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens',
  'x-ratelimit-remaining-tokens',
  'x-ratelimit-reset-tokens',
  'x-request-id',
  'request-id',
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
];
const EXPOSED = EXPOSED_HEADERS.join(', ');

/** What a preflight allows when it asks for no headers, or for a list that is not one. */
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type, x-api-key, anthropic-version, anthropic-beta, x-switchboard-metadata, cache-control, last-event-id';

/** A header field name: an RFC 9110 token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * CORS headers for an origin checkIngress already allowed (the desktop renderer on app://,
 * configured origins). Same-origin requests need none.
 */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || isSameOrigin(origin, req.headers.host ?? '')) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED };
}

/**
 * The answer to a CORS preflight from an allowed origin (checkIngress has refused every other
 * origin before this is asked). The request headers it asked for are allowed by name, rather
 * than checked against a fixed list: the origin is already trusted to send the gateway key and
 * read every answer, so a header list protects nothing from it, while it does block the
 * official SDKs, which send headers of their own (`x-stainless-*`, `openai-organization`,
 * `anthropic-dangerous-direct-browser-access`…) and add more between releases, and it went
 * stale on the gateway's own (`api-key`, `x-switchboard-cache-ttl`). Only a list
 * of syntactically valid header names is echoed, lowercased, so nothing else the request
 * carried is written back; anything else gets the default list.
 */
export function preflightHeaders(req: IncomingMessage): Record<string, string> {
  return {
    ...corsHeaders(req),
    // The answer depends on the asked-for headers too.
    vary: 'Origin, Access-Control-Request-Headers',
    'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'access-control-allow-headers': requestedHeaders(req.headers['access-control-request-headers']) ?? DEFAULT_ALLOWED_HEADERS,
    'access-control-max-age': '600',
  };
}

/** The header names a preflight asks for, lowercased, when the value is a list of names. */
function requestedHeaders(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((name) => name.trim().toLowerCase());
  return names.every((name) => TOKEN.test(name)) ? names.join(', ') : undefined;
}

function isSameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
