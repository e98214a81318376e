import { createServer, request } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { readJsonBody } from './body';

let server: Server | undefined;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      // A test that failed by hanging leaves its request open; close() alone would wait for it.
      server.closeAllConnections();
    }),
);

/**
 * Starts a server whose handler reports what readJsonBody made of the request; `before` runs
 * first, for requests whose stream is over by the time the body is read.
 */
async function serve(limit: number, before?: (req: IncomingMessage) => Promise<void>): Promise<{ port: number; result: Promise<unknown> }> {
  let settle!: (value: unknown) => void;
  const result = new Promise((resolve) => (settle = resolve));
  server = createServer(async (req: IncomingMessage, res) => {
    await before?.(req);
    readJsonBody(req, limit).then(
      (body) => {
        settle({ body: body.value, text: body.text });
        res.end('ok');
      },
      (error: unknown) => {
        settle({ error });
        res.writeHead(413, { connection: 'close' }).end();
      },
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, result };
}

function send(port: number, chunks: string[], { end = true, headers = {} }: { end?: boolean; headers?: Record<string, string> } = {}) {
  const req = request({ port, host: '127.0.0.1', method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  req.on('error', () => undefined);
  req.on('response', (res) => res.resume());
  for (const chunk of chunks) req.write(chunk);
  if (end) req.end();
  return req;
}

describe('readJsonBody', () => {
  it('joins a body that arrives in several chunks', async () => {
    const { port, result } = await serve(1024);
    send(port, ['{"model":', '"gpt-4o",', '"messages":[]}']);
    // The text as sent, kept for native pass-through, and what it parses to.
    expect(await result).toEqual({ body: { model: 'gpt-4o', messages: [] }, text: '{"model":"gpt-4o","messages":[]}' });
  });

  it('decodes UTF-8 split across chunks', async () => {
    const { port, result } = await serve(1024);
    const bytes = Buffer.from('{"text":"héllo wörld"}');
    const req = request({ port, host: '127.0.0.1', method: 'POST' });
    req.on('response', (res) => res.resume());
    req.write(bytes.subarray(0, 11)); // ends inside "é"
    req.end(bytes.subarray(11));
    expect(await result).toEqual({ body: { text: 'héllo wörld' }, text: '{"text":"héllo wörld"}' });
  });

  it('refuses a body that grows past the limit without a content-length', async () => {
    const { port, result } = await serve(64);
    send(port, ['{"text":"', 'x'.repeat(100), '"}'], { headers: { 'transfer-encoding': 'chunked' } });
    const { error } = (await result) as { error: GatewayError };
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('request_too_large');
  });

  it('names a limit under a megabyte in the units it was set in, and takes a body of exactly the limit', async () => {
    const over = await serve(512 * 1024);
    send(over.port, ['{"text":"', 'x'.repeat(512 * 1024), '"}'], { headers: { 'transfer-encoding': 'chunked' } });
    const { error } = (await over.result) as { error: GatewayError };
    expect(error.message).toBe('The request body exceeds the 512 KB limit (server.maxBodyBytes)');
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const body = `{"text":"${'x'.repeat(1500 - 11)}"}`;
    const exact = await serve(1500);
    expect(Buffer.byteLength(body)).toBe(1500);
    send(exact.port, [body], { headers: { 'content-length': '1500' } });
    expect(await exact.result).toEqual({ body: JSON.parse(body), text: body });
  });

  it('refuses an empty body and invalid JSON without quoting it', async () => {
    const empty = await serve(1024);
    send(empty.port, ['  ']);
    const refused = ((await empty.result) as { error: GatewayError }).error;
    expect(refused.code).toBe('invalid_json');
    expect(refused.message).toBe('The request body is empty; expected a JSON object');
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const bad = await serve(1024);
    send(bad.port, ['{"secret prompt": ']);
    const { error } = (await bad.result) as { error: GatewayError };
    expect(error.code).toBe('invalid_json');
    expect(error.message).not.toContain('secret prompt');
  });

  it('rejects with client_closed when the client hangs up mid-body', async () => {
    const { port, result } = await serve(1024);
    const req = send(port, ['{"model":"gpt-4o",'], { end: false, headers: { 'content-length': '200' } });
    setTimeout(() => req.destroy(), 50);
    const { error } = (await result) as { error: GatewayError };
    expect(error.code).toBe('client_closed');
    expect(error.status).toBe(499);
  });

  describe('on a request stream that is already over', () => {
    const closed = (req: IncomingMessage): Promise<void> => new Promise((resolve) => req.once('close', () => resolve()));

    it('refuses a body someone else already read as empty, instead of waiting for an end that came before', { timeout: 2000 }, async () => {
      const { port, result } = await serve(1024, async (req) => {
        req.resume();
        await new Promise((resolve) => req.once('end', resolve));
      });
      send(port, ['{"model":"gpt-4o"}']);
      const { error } = (await result) as { error: GatewayError };
      expect(error.code).toBe('invalid_json');
      expect(error.message).toContain('empty');
    });

    it('rejects with client_closed when the client hung up mid-body before the read began', { timeout: 2000 }, async () => {
      const { port, result } = await serve(1024, closed);
      const req = send(port, ['{"model":"gpt-4o",'], { end: false, headers: { 'content-length': '200' } });
      setTimeout(() => req.destroy(), 50);
      const { error } = (await result) as { error: GatewayError };
      expect(error.code).toBe('client_closed');
      expect(error.status).toBe(499);
    });

    it('rejects with client_closed when the client hung up after a whole body nobody had read', { timeout: 2000 }, async () => {
      let complete: boolean | undefined;
      const { port, result } = await serve(1024, async (req) => {
        await closed(req);
        complete = req.complete;
      });
      const req = send(port, ['{"model":"gpt-4o"}']);
      setTimeout(() => req.destroy(), 50);
      const { error } = (await result) as { error: GatewayError };
      expect(complete).toBe(true);
      expect(error.code).toBe('client_closed');
    });
  });
});
