import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { parseCacheDirectives } from './directives';

const invalid = (headers: Record<string, string>): GatewayError => {
  try {
    parseCacheDirectives(headers);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
};

describe('parseCacheDirectives', () => {
  it('is a plain lookup-and-store without headers', () => {
    expect(parseCacheDirectives({})).toEqual({ noLookup: false, noStore: false });
  });

  it('no-cache skips the lookup but still stores', () => {
    expect(parseCacheDirectives({ 'cache-control': 'no-cache' })).toEqual({ noLookup: true, noStore: false });
  });

  it('no-store skips both', () => {
    expect(parseCacheDirectives({ 'cache-control': 'No-Store' })).toEqual({ noLookup: true, noStore: true });
  });

  it('max-age limits the age of an acceptable entry; 0 means no-cache; the smaller of two wins', () => {
    expect(parseCacheDirectives({ 'cache-control': 'max-age=60' })).toEqual({ noLookup: false, noStore: false, maxAgeMs: 60_000 });
    expect(parseCacheDirectives({ 'cache-control': 'max-age="30"' }).maxAgeMs).toBe(30_000);
    expect(parseCacheDirectives({ 'cache-control': 'max-age=0' })).toMatchObject({ noLookup: true, noStore: false });
    expect(parseCacheDirectives({ 'cache-control': 'max-age=600, max-age=5' }).maxAgeMs).toBe(5000);
  });

  it('combines directives and ignores ones it does not know', () => {
    expect(parseCacheDirectives({ 'cache-control': 'no-transform, max-age=10 , no-cache' })).toEqual({ noLookup: true, noStore: false, maxAgeMs: 10_000 });
  });

  it('reads the TTL header as seconds or a duration; 0 means do not store', () => {
    expect(parseCacheDirectives({ 'x-switchboard-cache-ttl': '90' }).ttlMs).toBe(90_000);
    expect(parseCacheDirectives({ 'x-switchboard-cache-ttl': '1.5' }).ttlMs).toBe(1500);
    expect(parseCacheDirectives({ 'x-switchboard-cache-ttl': '10m' }).ttlMs).toBe(600_000);
    expect(parseCacheDirectives({ 'x-switchboard-cache-ttl': '500ms' }).ttlMs).toBe(500);
    expect(parseCacheDirectives({ 'x-switchboard-cache-ttl': '0' })).toEqual({ noLookup: false, noStore: true, ttlMs: 0 });
  });

  it('reads the namespace header', () => {
    expect(parseCacheDirectives({ 'x-switchboard-cache-namespace': 'eval-run:42' }).namespace).toBe('eval-run:42');
  });

  it.each([
    [{ 'cache-control': 'max-age=soon' }, 'cache-control'],
    [{ 'cache-control': 'max-age' }, 'cache-control'],
    [{ 'cache-control': 'max-age=-1' }, 'cache-control'],
    [{ 'x-switchboard-cache-ttl': 'forever' }, 'x-switchboard-cache-ttl'],
    [{ 'x-switchboard-cache-ttl': '-5' }, 'x-switchboard-cache-ttl'],
    [{ 'x-switchboard-cache-ttl': '400d' }, 'x-switchboard-cache-ttl'],
    [{ 'x-switchboard-cache-namespace': 'has space' }, 'x-switchboard-cache-namespace'],
    [{ 'x-switchboard-cache-namespace': 'x'.repeat(129) }, 'x-switchboard-cache-namespace'],
  ])('refuses %o with a 400 naming the header', (headers, header) => {
    const error = invalid(headers);
    expect(error.status).toBe(400);
    expect(error.kind).toBe('invalid_request');
    expect(error.param).toBe(header);
    expect(error.message).toContain(header);
  });
});
