import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { serverSchema } from '../config/schema';
import { rateLimitHeaders } from '../limits/ratelimit-headers';
import { checkIngress, checkJsonContentType, corsHeaders, EXPOSED_HEADERS, listenHostName, preflightHeaders } from './ingress';

const server = serverSchema.parse({ host: '127.0.0.1', allowedHosts: ['gateway.lan'] });
const requestFor = (host: string): IncomingMessage => ({ headers: { host } }) as IncomingMessage;
const codeFor = (host: string, listenHost: string): string | undefined => checkIngress(requestFor(host), server, listenHostName(listenHost))?.code;

describe('listenHostName', () => {
  it('is the Host-header name of the listen address: IPv6 bracketed and in one spelling, wildcards none', () => {
    expect(listenHostName('192.0.2.7')).toBe('192.0.2.7');
    expect(listenHostName('Gateway.LAN')).toBe('gateway.lan');
    expect(listenHostName('fd00::2')).toBe('[fd00::2]');
    expect(listenHostName('[FD00:0::2]')).toBe('[fd00::2]');
    expect(listenHostName('::ffff:127.0.0.2')).toBe('[::ffff:7f00:2]');
    for (const wildcard of ['0.0.0.0', '::', '[::]']) expect(listenHostName(wildcard)).toBeUndefined();
  });
});

describe('checkIngress Host check', () => {
  it('accepts the address the gateway listens on, even when --host moved it away from server.host', () => {
    expect(codeFor('192.0.2.7:4000', '192.0.2.7')).toBeUndefined();
    expect(codeFor('[fd00::2]:4000', 'fd00::2')).toBeUndefined();
    expect(codeFor('[fd00:0:0::2]:4000', 'fd00::2')).toBeUndefined();
    expect(codeFor('[::ffff:127.0.0.2]:4000', '::ffff:127.0.0.2')).toBeUndefined();
  });

  it('accepts loopback names and allowedHosts wherever it listens', () => {
    for (const host of ['localhost:4000', '127.0.0.1:4000', '127.0.0.2', '[::1]:4000', 'app.localhost', 'gateway.lan:4000']) {
      expect(codeFor(host, '192.0.2.7')).toBeUndefined();
    }
  });

  it('refuses every other Host (DNS rebinding), a wildcard listen address naming none', () => {
    expect(codeFor('evil.example', '192.0.2.7')).toBe('host_not_allowed');
    expect(codeFor('evil.example:4000', '192.0.2.7')).toBe('host_not_allowed');
    expect(codeFor('192.0.2.8:4000', '192.0.2.7')).toBe('host_not_allowed');
    expect(codeFor('[fd00::3]:4000', 'fd00::2')).toBe('host_not_allowed');
    expect(codeFor('0.0.0.0:4000', '0.0.0.0')).toBe('host_not_allowed');
    expect(codeFor('192.0.2.7:4000', '0.0.0.0')).toBe('host_not_allowed');
    expect(checkIngress(requestFor('evil.example'), server, undefined)).toMatchObject({ status: 403, code: 'host_not_allowed' });
  });

  it('no longer trusts server.host itself once the gateway listens elsewhere', () => {
    const configured = serverSchema.parse({ host: '192.0.2.9' });
    expect(checkIngress(requestFor('192.0.2.9:4000'), configured, listenHostName('192.0.2.7'))?.code).toBe('host_not_allowed');
    expect(checkIngress(requestFor('192.0.2.7:4000'), configured, listenHostName('192.0.2.7'))).toBeUndefined();
  });
});

describe('checkJsonContentType', () => {
  const withType = (type: string | undefined): IncomingMessage => ({ headers: type === undefined ? {} : { 'content-type': type } }) as IncomingMessage;

  it('accepts JSON, with parameters, any case, and +json types', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON', ' application/json ;charset=UTF-8', 'application/vnd.api+json']) {
      expect(checkJsonContentType(withType(type)), type).toBeUndefined();
    }
  });

  it('refuses other types, and none, with a 415 naming what came', () => {
    expect(checkJsonContentType(withType('text/plain'))).toMatchObject({ status: 415, code: 'unsupported_media_type', message: 'Content-Type must be application/json (got "text/plain")' });
    expect(checkJsonContentType(withType('application/jsonx'))).toMatchObject({ status: 415 });
    expect(checkJsonContentType(withType(undefined))?.message).toBe('Content-Type must be application/json (got none)');
  });
});

describe('CORS headers for an allowed origin', () => {
  const preflight = (requested: string | undefined): IncomingMessage =>
    ({
      headers: {
        host: '127.0.0.1:4000',
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        ...(requested === undefined ? {} : { 'access-control-request-headers': requested }),
      },
    }) as IncomingMessage;

  it('allows the request headers a preflight asks for by name, lowercased, and says the answer depends on them', () => {
    const headers = preflightHeaders(preflight('Authorization,content-type, x-stainless-retry-count ,anthropic-dangerous-direct-browser-access'));
    expect(headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(headers['access-control-allow-headers']).toBe('authorization, content-type, x-stainless-retry-count, anthropic-dangerous-direct-browser-access');
    expect(headers.vary).toBe('Origin, Access-Control-Request-Headers');
  });

  it('answers the default list when no headers are asked for, or the value is not a list of header names', () => {
    const defaults = preflightHeaders(preflight(undefined))['access-control-allow-headers'];
    expect(defaults).toContain('authorization');
    for (const requested of ['', 'x-a,,x-b', 'x-a, x b', 'x-a:1', 'x-a\tx-b', 'x-é']) {
      expect(preflightHeaders(preflight(requested))['access-control-allow-headers'], JSON.stringify(requested)).toBe(defaults);
    }
  });

  it('exposes every rate-limit header the gateway sends', () => {
    const state = { limit: 10, remaining: 9, resetMs: 6000 };
    const exposed = corsHeaders(preflight(undefined))['access-control-expose-headers']?.split(', ');
    expect(exposed).toEqual(EXPOSED_HEADERS);
    expect(EXPOSED_HEADERS).toEqual(expect.arrayContaining(Object.keys(rateLimitHeaders({ requests: state, tokens: state }))));
  });
});
