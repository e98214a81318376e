/// <reference types="node" />
// A real HTTP server on 127.0.0.1 speaking the admin API contract, so the client's URLs,
// headers, bodies and error handling are checked on the wire.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayApiError } from './api/api-error';
import type { EventSourceLike } from './api/event-stream';
import { GatewayClient } from './gateway-client';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
/** The next answer: status and raw body text. */
let reply: { status: number; body: string; contentType?: string } | null = null;

const TOKEN = 'sbadm-secret';

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    // The renderer's page is on another origin (app:// or the dev server), so answer CORS.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE', 'access-control-allow-headers': 'authorization, content-type' });
      res.end();
      return;
    }
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], body: await readBody(req) });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Missing or invalid admin token', type: 'authentication_error', code: 'invalid_admin_token', param: null } }));
      return;
    }
    const answer = reply ?? { status: 200, body: '{}' };
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  reply = null;
});

const client = () => new GatewayClient(`${baseUrl}/`, TOKEN);
const answer = (status: number, body: unknown) => {
  reply = { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
};

describe('GatewayClient admin calls', () => {
  it('reads routes with the admin token as a bearer', async () => {
    answer(200, { routes: { workhorse: { strategy: 'fallback', targets: [] } }, version: 3 });
    expect(await client().listRoutes()).toEqual({ routes: { workhorse: { strategy: 'fallback', targets: [] } }, version: 3 });
    expect(seen).toEqual([{ method: 'GET', url: '/admin/api/routes', authorization: `Bearer ${TOKEN}`, contentType: undefined, body: undefined }]);
  });

  it('writes a route as JSON under its escaped name, with the version it started from', async () => {
    await client().putRoute('llama3:8b@eu', { strategy: 'single', targets: [{ provider: 'ollama', model: 'llama3' }] }, 7);
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      url: '/admin/api/routes/llama3%3A8b%40eu',
      contentType: 'application/json',
      body: { route: { strategy: 'single', targets: [{ provider: 'ollama', model: 'llama3' }] }, baseVersion: 7 },
    });
    await client().deleteRoute('old', 8);
    expect(seen[1]).toMatchObject({ method: 'DELETE', url: '/admin/api/routes/old?baseVersion=8' });
  });

  it('reports a write against a changed config as a 409 conflict', async () => {
    answer(409, { error: { message: 'The config changed since version 7 (now 9); reload it and apply the edit again', type: 'invalid_request_error', code: 'config_conflict', param: 'baseVersion' } });
    await expect(client().putConfig('server: {}\n', 7)).rejects.toMatchObject({ status: 409, code: 'config_conflict' });
    expect(seen[0]?.body).toEqual({ text: 'server: {}\n', baseVersion: 7 });
  });

  it('sends a secret to the credential endpoint and nowhere else', async () => {
    await client().setCredential('openai', 'sk-live-1234');
    expect(seen).toEqual([{ method: 'PUT', url: '/admin/api/credentials/openai', authorization: `Bearer ${TOKEN}`, contentType: 'application/json', body: { value: 'sk-live-1234' } }]);
  });

  it('puts log filters in the query string, leaving out empty ones', async () => {
    answer(200, { rows: [], nextCursor: null });
    await client().queryLogs({ since: 1000, provider: 'openai', status: 'error', text: 'time out', cursor: 'abc=', model: '' });
    expect(seen[0]?.url).toBe('/admin/api/logs?since=1000&provider=openai&status=error&text=time+out&cursor=abc%3D');
  });

  it('unwraps the lists the contract wraps in an object', async () => {
    answer(200, { presets: [{ id: 'groq', label: 'Groq', type: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', requiresKey: true, models: [] }] });
    expect((await client().listPresets()).map((p) => p.id)).toEqual(['groq']);
    answer(200, { breakers: [{ target: 'openai/gpt-4o', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 2 }] });
    expect((await client().breakers()).map((b) => b.state)).toEqual(['open']);
    answer(200, { keys: [{ id: 'k1', name: 'ci', prefix: 'sk-sb-ab', createdAt: 1 }] });
    expect((await client().listKeys()).map((k) => k.name)).toEqual(['ci']);
    expect(seen.map((s) => s.url)).toEqual(['/admin/api/providers/presets', '/admin/api/breakers', '/admin/api/keys']);
  });

  it('sends PATCH with null for cleared fields, and rotation options', async () => {
    answer(200, { id: 'k1', name: 'ci', prefix: 'p', createdAt: 1 });
    await client().updateKey('k1', { user: null, limits: { rpm: 10 } });
    answer(200, { key: { id: 'k1', name: 'ci', prefix: 'p', createdAt: 1 }, plaintext: 'sk-sb-new' });
    expect((await client().rotateKey('k1', { graceMs: '10m' })).plaintext).toBe('sk-sb-new');
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['PATCH', '/admin/api/keys/k1', { user: null, limits: { rpm: 10 } }],
      ['POST', '/admin/api/keys/k1/rotate', { graceMs: '10m' }],
    ]);
  });

  it('throws the gateway’s message, code and config issues on a 400', async () => {
    answer(400, {
      error: { message: 'Invalid config (1 problem):\n  routes.w.targets.0.provider: unknown provider', type: 'invalid_request_error', code: 'invalid_config', param: 'routes.w.targets.0.provider', issues: [{ path: 'routes.w.targets.0.provider', message: 'unknown provider "antropic"', line: 7 }] },
    });
    const error = await client().putRoute('w', { strategy: 'fallback' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_config', param: 'routes.w.targets.0.provider', issues: [{ path: 'routes.w.targets.0.provider', message: 'unknown provider "antropic"', line: 7 }] });
    expect((error as Error).message).toMatch(/^Invalid config/);
  });

  it('reports a refused token as a 401 with the gateway’s words', async () => {
    const error = await new GatewayClient(baseUrl, 'wrong').listKeys().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 401, message: 'Missing or invalid admin token' });
  });

  it('describes an error page that is not JSON by its status', async () => {
    reply = { status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' };
    await expect(client().overview()).rejects.toMatchObject({ status: 502, message: 'The gateway answered HTTP 502' });
  });

  it('returns a failed try-it run with its attempts instead of throwing', async () => {
    const result = { status: 502, text: null, error: 'All targets failed', requestId: 'r', route: 'w', provider: null, model: null, attempts: [{ provider: 'a', model: 'm', status: 503, latencyMs: 5, outcome: 'failed' }], latencyMs: 9, costUsd: 0 };
    answer(502, result);
    expect(await client().tryRoute({ model: 'w', prompt: 'hi' })).toEqual(result);
    expect(seen[0]?.body).toEqual({ model: 'w', prompt: 'hi' });
  });

  it('purges one route or everything', async () => {
    answer(200, { purged: 3 });
    expect(await client().purgeCache('w')).toEqual({ purged: 3 });
    await client().purgeCache();
    expect(seen.map((s) => s.body)).toEqual([{ route: 'w' }, {}]);
  });

  it('fails with status 0 when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(new GatewayClient(`http://127.0.0.1:${port}`, TOKEN).status()).rejects.toMatchObject({ status: 0, message: 'Could not reach the gateway' });
  });
});

describe('GatewayClient events', () => {
  it('opens the event stream with the token in the query string', () => {
    const urls: string[] = [];
    const source: EventSourceLike = { readyState: 0, onopen: null, onerror: null, onmessage: null, addEventListener: () => undefined, close: () => undefined };
    const stop = new GatewayClient(baseUrl, 'tok en', { createEventSource: (url) => (urls.push(url), source) }).subscribeEvents({ onEvent: () => undefined });
    stop();
    expect(urls).toEqual([`${baseUrl}/admin/api/events?token=tok+en`]);
  });
});
