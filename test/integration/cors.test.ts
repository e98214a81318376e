/**
 * A page on an allowed origin (server.allowedOrigins) calling the gateway with the official
 * SDKs in the browser (`dangerouslyAllowBrowser`). The browser first preflights every request
 * header the SDK sets; one name missing from access-control-allow-headers blocks the call.
 * The names are captured from what the SDKs really send, so a new SDK header is tested too.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providersYaml, startHarness } from './harness';
import type { Harness } from './harness';

const ORIGIN = 'http://localhost:5173';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    config: (fakes) => `
server:
  allowedOrigins: [ "${ORIGIN}" ]
${providersYaml(fakes)}routes:
  gpt:    { strategy: single, targets: [ { provider: openai, model: gpt-4o-mini } ], cache: { ttl: 60s, scope: global } }
  claude: { strategy: single, targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ] }
`,
  });
});
afterAll(() => h.close());

/** Headers a browser sets itself, or that are CORS-safelisted: never named in a preflight. */
const BROWSER_OWNED = new Set(['host', 'connection', 'content-length', 'accept', 'accept-language', 'accept-encoding', 'sec-fetch-mode']);

/** The request header names an SDK call sends (to a server that answers every call 500). */
async function headerNamesOf(call: (baseURL: string) => Promise<unknown>): Promise<string[]> {
  let names: string[] = [];
  const server = createServer((req, res) => {
    names = Object.keys(req.headers);
    res.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' });
    res.end('{"error":{"message":"captured"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await call(`http://127.0.0.1:${(server.address() as AddressInfo).port}`).catch(() => undefined);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return names.filter((name) => !BROWSER_OWNED.has(name)).sort();
}

const openaiNames = (): Promise<string[]> =>
  headerNamesOf((url) => {
    const sdk = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', organization: 'org-1', project: 'proj-1', maxRetries: 0, dangerouslyAllowBrowser: true });
    // A per-call timeout adds x-stainless-timeout.
    return sdk.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'x' }] }, { timeout: 30_000 });
  });

const anthropicNames = (): Promise<string[]> =>
  headerNamesOf((url) => {
    const sdk = new Anthropic({ baseURL: url, apiKey: 'k', maxRetries: 0, dangerouslyAllowBrowser: true });
    return sdk.messages.create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] });
  });

/** A browser's preflight: the names lowercased, sorted and comma-joined, as Chrome sends them. */
async function preflight(origin: string, names: string[], path = '/v1/chat/completions') {
  const res = await request(`${h.gateway.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': names.join(',') },
  });
  await res.body.dump();
  const allowed = new Set(String(res.headers['access-control-allow-headers'] ?? '').split(',').map((name) => name.trim()));
  return { status: res.statusCode, headers: res.headers, blocked: names.filter((name) => !allowed.has(name)) };
}

describe('CORS preflight for the official SDKs on an allowed origin', () => {
  it('allows every header the OpenAI SDK sends', async () => {
    const names = await openaiNames();
    // What a fixed list refused: the SDK's own headers.
    expect(names).toEqual(expect.arrayContaining(['authorization', 'content-type', 'openai-organization', 'openai-project', 'x-stainless-retry-count', 'x-stainless-lang', 'x-stainless-package-version', 'x-stainless-os', 'x-stainless-arch', 'x-stainless-runtime', 'x-stainless-runtime-version', 'x-stainless-timeout']));
    const res = await preflight(ORIGIN, names);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.blocked).toEqual([]);
  });

  it('allows every header the Anthropic SDK sends', async () => {
    const names = await anthropicNames();
    expect(names).toEqual(expect.arrayContaining(['anthropic-version', 'anthropic-dangerous-direct-browser-access', 'authorization', 'x-stainless-retry-count', 'x-stainless-timeout']));
    const res = await preflight(ORIGIN, names, '/v1/messages');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers.vary).toBe('Origin, Access-Control-Request-Headers');
    expect(res.blocked).toEqual([]);
  });

  it('still refuses a foreign origin before any CORS header is given', async () => {
    const names = await openaiNames();
    for (const origin of ['https://evil.example.com', 'http://localhost:5174']) {
      const res = await preflight(origin, names);
      expect(res.status, origin).toBe(403);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(res.headers['access-control-allow-headers'], origin).toBeUndefined();
    }
  });
});

describe('response headers a page on an allowed origin can read', () => {
  /** The answer's header names the gateway sends for clients to read, and the exposed list. */
  async function call(path: string, body: unknown, key: string) {
    const res = await request(`${h.gateway.url}${path}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    await res.body.dump();
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const exposed = String(res.headers['access-control-expose-headers']).split(', ');
    const sent = Object.keys(res.headers).filter((name) => /^(x-switchboard-|x-ratelimit-|retry-after|x-should-retry$)/.test(name));
    return { status: res.statusCode, sent, exposed };
  }

  it('exposes every gateway header, and those the SDKs read', async () => {
    const { plaintext } = h.gateway.keys.create({ name: 'browser', limits: { rpm: 1000, tpm: 1_000_000 } });
    const chat = { model: 'gpt', messages: [{ role: 'user', content: 'cors' }] };
    const answers = [
      await call('/v1/chat/completions', chat, plaintext),
      // A cache hit.
      await call('/v1/chat/completions', chat, plaintext),
      // An estimated count.
      await call('/v1/messages/count_tokens', { model: 'gpt', messages: [{ role: 'user', content: 'count' }] }, plaintext),
      await call('/v1/chat/completions', { model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }, plaintext),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404]);
    const sent = new Set(answers.flatMap((a) => a.sent));
    for (const name of ['x-switchboard-cache', 'x-switchboard-cost-usd', 'x-switchboard-overhead-ms', 'x-switchboard-token-count', 'x-ratelimit-remaining-tokens', 'x-should-retry']) expect(sent).toContain(name);
    for (const answer of answers) expect(answer.exposed).toEqual(expect.arrayContaining(answer.sent));
    expect(answers[0]?.exposed).toEqual(expect.arrayContaining(['x-request-id', 'request-id', 'retry-after', 'retry-after-ms', 'x-should-retry']));
  });
});
