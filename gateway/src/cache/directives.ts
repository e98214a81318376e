/**
 * Per-request cache overrides, read from request headers.
 *
 * `cache-control` (request directives as in RFC 9111 §5.2.1; names case-insensitive, unknown
 * directives ignored as the RFC asks):
 * - `no-cache`: do not answer from the cache, but store the fresh answer (a refresh).
 * - `no-store`: neither look up nor store.
 * - `max-age=N`: accept only an entry at most N seconds old; an older one is a miss (and the
 *   fresh answer replaces it). It does not change how long the new entry lives: a request
 *   directive says what this caller accepts, not what the next caller should get, and the
 *   route's TTL (or `x-switchboard-cache-ttl`) stays the one place lifetimes are set.
 *   `max-age=0` is the same as `no-cache`. Given twice, the smaller value wins.
 *
 * `x-switchboard-cache-ttl`: how long this answer stays cached, overriding the route's `ttl`:
 * a number of seconds (`90`) or a duration (`500ms`, `60s`, `10m`, `1h`, `1d`), at most 365
 * days. `0` means "do not store this answer" (lookups still happen).
 *
 * `x-switchboard-cache-namespace`: an extra key component (1–128 of `A-Z a-z 0-9 . _ - : @ / + =`),
 * so a client can keep separate caches (per test run, per tenant) inside one scope.
 *
 * Headers only adjust caching on routes that configure `cache`; they never turn it on.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseDuration } from '../config/units';
import { invalidRequest } from '../errors/gateway-error';

export interface CacheDirectives {
  /** Skip the lookup: `no-cache`, `no-store` or `max-age=0`. */
  noLookup: boolean;
  /** Do not store the answer: `no-store` or a TTL of 0. */
  noStore: boolean;
  /** Accept only entries at most this old. */
  maxAgeMs?: number;
  /** Lifetime for the stored answer, overriding the route's TTL. */
  ttlMs?: number;
  namespace?: string;
}

export const TTL_HEADER = 'x-switchboard-cache-ttl';
export const NAMESPACE_HEADER = 'x-switchboard-cache-namespace';

const MAX_TTL_MS = 365 * 86_400_000;
const NAMESPACE = /^[A-Za-z0-9._\-:@/+=]{1,128}$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

/** What a request without any of these headers gets: shared, since most requests send none. */
const NONE: Readonly<CacheDirectives> = Object.freeze({ noLookup: false, noStore: false });

/** Reads the cache directives; throws GatewayError(invalid_request) naming the bad header. */
export function parseCacheDirectives(headers: IncomingHttpHeaders): Readonly<CacheDirectives> {
  const cacheControl = single(headers['cache-control']);
  const ttl = single(headers[TTL_HEADER]);
  const namespace = single(headers[NAMESPACE_HEADER]);
  if (cacheControl === undefined && ttl === undefined && namespace === undefined) return NONE;

  const directives: CacheDirectives = { noLookup: false, noStore: false };
  if (cacheControl !== undefined) applyCacheControl(cacheControl, directives);

  if (ttl !== undefined) {
    directives.ttlMs = parseTtl(ttl);
    if (directives.ttlMs === 0) directives.noStore = true;
  }

  if (namespace !== undefined) {
    if (!NAMESPACE.test(namespace)) {
      throw invalidRequest(`Invalid ${NAMESPACE_HEADER} header: use 1 to 128 letters, digits or . _ - : @ / + =`, NAMESPACE_HEADER, 'invalid_cache_header');
    }
    directives.namespace = namespace;
  }
  return directives;
}

function applyCacheControl(value: string, directives: CacheDirectives): void {
  for (const item of value.split(',')) {
    const token = item.trim();
    if (token === '') continue;
    const eq = token.indexOf('=');
    const name = (eq === -1 ? token : token.slice(0, eq)).trim().toLowerCase();
    const argument = eq === -1 ? undefined : token.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (name === 'no-cache') directives.noLookup = true;
    else if (name === 'no-store') {
      directives.noLookup = true;
      directives.noStore = true;
    } else if (name === 'max-age') {
      if (argument === undefined || !/^\d+$/.test(argument)) {
        throw invalidRequest('Invalid cache-control header: max-age takes a whole number of seconds, e.g. max-age=60', 'cache-control', 'invalid_cache_header');
      }
      const ms = Number(argument) * 1000;
      directives.maxAgeMs = Math.min(directives.maxAgeMs ?? Number.POSITIVE_INFINITY, ms);
      if (directives.maxAgeMs === 0) directives.noLookup = true;
    }
  }
}

function parseTtl(value: string): number {
  const text = value.trim();
  const ms = SECONDS.test(text) ? Math.round(Number(text) * 1000) : parseDuration(text);
  if (ms === undefined || !Number.isFinite(ms) || ms > MAX_TTL_MS) {
    throw invalidRequest(`Invalid ${TTL_HEADER} header: use seconds (90) or a duration (500ms, 60s, 10m, 1h, 1d) up to 365d`, TTL_HEADER, 'invalid_cache_header');
  }
  return ms;
}

/** Node joins repeated headers into one string for most names; an array only comes from set-cookie-like names. */
function single(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : value;
}
