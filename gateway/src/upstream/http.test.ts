import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import type { Provider } from '../providers/registry';
import { Cancellation } from './cancel';
import { destinationOf, sendUpstream } from './http';
import { fetchUpstreamText } from './reply';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A server that answers every request with `count` writes of `piece` at once. */
const serveRepeated = (piece: string, count: number, contentType: string): Promise<string> =>
  serve((_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    for (let i = 0; i < count; i++) res.write(piece);
    res.end();
  });

const provider = {
  name: 'fake',
  apiKey: () => Promise.resolve('sk-fake-key-1234'),
  secrets: () => Promise.resolve(['sk-fake-key-1234']),
  forgetSecrets: () => undefined,
  kind: { parseError: (_status: number, text: string) => ({ message: `upstream said: ${text}`, type: 'rate_limit_error' }) },
} as unknown as Provider;

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('sendUpstream', () => {
  it('sends the method, path, query, headers and body, and decodes a body that arrives in pieces whole', async () => {
    let seen: { method?: string; url?: string; auth?: string; body: string } = { body: '' };
    const base = await serve((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen = { method: req.method, url: req.url, auth: req.headers.authorization, body: Buffer.concat(chunks).toString() };
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        // "é" split across two writes: decoding chunk by chunk would break it.
        const bytes = Buffer.from('{"text":"café"}');
        res.write(bytes.subarray(0, 13));
        setTimeout(() => res.end(bytes.subarray(13)), 5);
      });
    });
    const response = await sendUpstream('fake', { url: `${base}/v1/chat?x=1`, headers: { authorization: 'Bearer k' }, body: '{"a":1}', signal: new Cancellation() });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-upstream']).toBe('yes');
    expect(JSON.parse(await response.body.text())).toEqual({ text: 'café' });
    expect(seen).toEqual({ method: 'POST', url: '/v1/chat?x=1', auth: 'Bearer k', body: '{"a":1}' });
  });

  it('shows every answer to onResponse as it arrives, and a throwing onResponse costs the call nothing', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(429, { 'x-ratelimit-remaining-requests': '0' });
      res.end('slow down');
    });
    const seen: Array<[number, unknown]> = [];
    const first = await sendUpstream('fake', { url: base, headers: {}, signal: new Cancellation(), onResponse: (status, headers) => seen.push([status, headers['x-ratelimit-remaining-requests']]) });
    expect(seen).toEqual([[429, '0']]);
    await first.body.text();
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const second = await sendUpstream('fake', {
        url: base,
        headers: {},
        signal: new Cancellation(),
        onResponse: () => {
          throw new Error('a bug in a reader');
        },
      });
      expect(second.statusCode).toBe(429);
      expect(await second.body.text()).toBe('slow down');
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });

  it('hands a stream over chunk by chunk as it arrives, and says when it ended', async () => {
    let send: ((text: string) => void) | undefined;
    let end: (() => void) | undefined;
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      send = (text) => void res.write(text);
      end = () => res.end();
    });
    const response = await sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    send?.('data: 1\n\n');
    expect(String((await response.body.next()).value)).toBe('data: 1\n\n');
    const pending = response.body.next();
    send?.('data: 2\n\n');
    expect(String((await pending).value)).toBe('data: 2\n\n');
    end?.();
    expect(await response.body.next()).toEqual({ value: undefined, done: true });
    expect(response.body.destroyed).toBe(false);
  });

  it('stops reading the socket while the reader lags, and loses nothing', async () => {
    const piece = 'x'.repeat(16 * 1024);
    const pieces = 64; // 1 MB: far past the 64 KB queued before the socket pauses
    const base = await serveRepeated(piece, pieces, 'text/event-stream');
    const response = await sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    await wait(50);
    // Were the socket not paused, the whole megabyte would be queued by now.
    expect((response.body as unknown as { queuedBytes: number }).queuedBytes).toBeLessThan(256 * 1024);
    let total = 0;
    for await (const chunk of response.body) total += chunk.length;
    expect(total).toBe(pieces * piece.length);
  });

  it('reads the whole body as text even after the socket paused for a lagging reader', { timeout: 5000 }, async () => {
    const piece = 'y'.repeat(16 * 1024);
    const pieces = 128; // 2 MB
    const base = await serveRepeated(piece, pieces, 'application/json');
    const response = await sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    await wait(50);
    const text = await response.body.text();
    expect(text.length).toBe(pieces * piece.length);
  });

  it('fails a pending read with the reason when the body is destroyed, and cuts the upstream', async () => {
    let closed = false;
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
      res.on('close', () => void (closed = true));
    });
    const response = await sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    await response.body.next();
    const pending = response.body.next();
    const idle = new GatewayError('timeout', 'silent too long', { code: 'stream_idle_timeout' });
    response.body.destroy(idle);
    await expect(pending).rejects.toBe(idle);
    expect(response.body.destroyed).toBe(true);
    await wait(50);
    expect(closed).toBe(true);
    // A cut without a reason still fails the read: a cut stream is never a complete one.
    const other = await sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    const read = other.body.next().then(() => other.body.next());
    other.body.destroy();
    await expect(read).rejects.toThrow('cut before its end');
  });

  it('gives the abort reason when cancelled before the answer, mid-body, or before sending', async () => {
    let calls = 0;
    const base = await serve((req, res) => {
      calls++;
      if (req.url === '/body') {
        res.writeHead(200);
        res.write('partial');
      }
    });
    const reason = new GatewayError('timeout', 'Attempt timed out', { code: 'attempt_timeout' });

    const silent = new Cancellation();
    const waiting = sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: silent });
    await wait(30);
    silent.abort(reason);
    await expect(waiting).rejects.toBe(reason);

    const midBody = new Cancellation();
    const response = await sendUpstream('fake', { url: `${base}/body`, headers: {}, body: '{}', signal: midBody });
    const text = response.body.text();
    midBody.abort(reason);
    await expect(text).rejects.toBe(reason);

    const early = new Cancellation();
    early.abort(reason);
    await expect(sendUpstream('fake', { url: base, headers: {}, body: '{}', signal: early })).rejects.toBe(reason);
    expect(calls).toBe(2);
  });

  it('names the provider, not the URL, when the provider cannot be reached', async () => {
    const base = await serve(() => undefined);
    server?.close();
    const failed = sendUpstream('fake', { url: `${base.replace('http://', 'http://user:secret@')}/v1`, headers: {}, body: '{}', signal: new Cancellation() });
    await expect(failed).rejects.toMatchObject({ code: 'provider_unreachable', status: 502, retryable: true, provider: 'fake' });
    await expect(failed).rejects.not.toThrow(/secret/);
  });
});

describe('fetchUpstreamText', () => {
  it("turns an error status into a GatewayError with the provider's message and retry-after", async () => {
    const base = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '7' });
      res.end('slow down');
    });
    const failed = fetchUpstreamText(provider, { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    await expect(failed).rejects.toMatchObject({ status: 429, code: 'upstream_429', message: 'upstream said: slow down', retryAfterSeconds: 7, upstreamType: 'rate_limit_error' });
  });

  it('takes the key out of an error the provider echoes it in', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(401);
      res.end('bad key sk-fake-key-1234, check sk-fake-key-1234');
    });
    const failed = fetchUpstreamText(provider, { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    await expect(failed).rejects.toMatchObject({ status: 401, message: 'upstream said: bad key [redacted], check [redacted]' });
  });

  it('calls a body cut by the network a retryable provider failure', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 10);
    });
    const failed = fetchUpstreamText(provider, { url: base, headers: {}, body: '{}', signal: new Cancellation() });
    await expect(failed).rejects.toMatchObject({ code: 'provider_unreachable', retryable: true, provider: 'fake' });
  });
});

describe('destinationOf', () => {
  it("splits a URL into the pool's origin and path, query kept and credentials dropped", () => {
    expect(destinationOf('https://user:secret@api.example.test:8443/v1/chat/completions?api-version=2024-10-21')).toEqual({
      origin: 'https://api.example.test:8443',
      path: '/v1/chat/completions?api-version=2024-10-21',
    });
    expect(destinationOf('http://127.0.0.1:9/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')).toEqual({
      origin: 'http://127.0.0.1:9',
      path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    });
  });

  it('parses each URL once, and still refuses an invalid one every time', () => {
    const url = 'http://127.0.0.1:9/v1/embeddings';
    expect(destinationOf(url)).toBe(destinationOf(url));
    expect(() => destinationOf('not a url')).toThrow(TypeError);
    expect(() => destinationOf('not a url')).toThrow(TypeError);
  });
});
