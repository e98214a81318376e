import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../gateway/src/admin/api-types';
import { startAdminHarness } from './admin-client';
import type { AdminHarness } from './admin-client';
import { eventually } from './harness';

interface Frame {
  id?: number;
  event?: string;
  data?: GatewayEvent;
  comment?: string;
  retry?: number;
}

/** A minimal SSE reader over undici: frames as they arrive, per the text/event-stream rules the UI relies on. */
async function openEvents(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  const frames: Frame[] = [];
  let buffer = '';
  let wake: (() => void) | undefined;
  response.body.setEncoding('utf8');
  response.body.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else if (line.startsWith('id: ')) frame.id = Number(line.slice(4));
        else if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6)) as GatewayEvent;
        else if (line.startsWith('retry: ')) frame.retry = Number(line.slice(7));
      }
      frames.push(frame);
      wake?.();
    }
  });
  response.body.on('error', () => undefined);
  return {
    status: response.statusCode,
    headers: response.headers,
    frames,
    /** Resolves with the first frame (from `from` on) that matches, waiting up to 5 s. */
    async next(match: (frame: Frame) => boolean, from = 0): Promise<Frame> {
      const deadline = Date.now() + 5000;
      for (;;) {
        const found = frames.slice(from).find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
    },
    close: () => response.body.destroy(),
  };
}

const finishedFor = (alias: string) => (frame: Frame) => frame.data?.type === 'request.finished' && frame.data.row.alias === alias;

describe('admin API: live events over SSE', () => {
  let a: AdminHarness;
  let client: OpenAI;
  let eventsUrl: string;
  beforeAll(async () => {
    a = await startAdminHarness();
    client = new OpenAI({ baseURL: `${a.h.gateway.url}/v1`, apiKey: 'sk-sb-test-key', maxRetries: 0 });
    eventsUrl = `${a.admin.url}/admin/api/events`;
  });
  afterAll(() => a.close());

  it('refuses a wrong token in the query string', async () => {
    const response = await request(`${eventsUrl}?token=wrong`);
    await response.body.text();
    expect(response.statusCode).toBe(401);
  });

  it('streams request.finished for a request made after subscribing, with id, event and data lines', async () => {
    // EventSource cannot send headers, so the UI passes the token in the query string.
    const stream = await openEvents(`${eventsUrl}?token=${encodeURIComponent(a.admin.token)}`);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toContain('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-store');
    await stream.next((frame) => frame.retry === 2000);

    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'live' }] });
    const frame = await stream.next(finishedFor('gpt'));
    expect(frame.event).toBe('request.finished');
    expect(frame.id).toBeGreaterThan(0);
    expect(frame.data).toMatchObject({ type: 'request.finished', row: { alias: 'gpt', provider: 'openai', status: 200 } });
    // The same request announced itself when it started, before it finished.
    const rowId = frame.data?.type === 'request.finished' ? frame.data.row.id : '';
    const started = await stream.next((f) => f.data?.type === 'request.started' && f.data.id === rowId);
    expect(started.id).toBeLessThan(frame.id ?? 0);
    stream.close();
  });

  it("cuts a caller's megabyte model name in what it streams, started and finished alike", async () => {
    const stream = await openEvents(eventsUrl, { authorization: `Bearer ${a.admin.token}` });
    try {
      await stream.next((frame) => frame.retry === 2000);
      const huge = 'x'.repeat(1_000_000);
      await client.chat.completions.create({ model: huge, messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
      const finished = await stream.next((frame) => frame.data?.type === 'request.finished' && frame.data.row.alias.startsWith('xxx'));
      const rowId = finished.data?.type === 'request.finished' ? finished.data.row.id : '';
      const started = await stream.next((f) => f.data?.type === 'request.started' && f.data.id === rowId);
      expect(JSON.stringify(started.data).length).toBeLessThan(2000);
      expect(JSON.stringify(finished.data).length).toBeLessThan(20_000);
    } finally {
      stream.close();
    }
  });

  it('replays what a reconnecting client missed, after its Last-Event-ID and in order', async () => {
    const first = await openEvents(eventsUrl, { authorization: `Bearer ${a.admin.token}` });
    await first.next((frame) => frame.retry === 2000);
    await client.chat.completions.create({ model: 'gpt', messages: [{ role: 'user', content: 'before the drop' }] });
    const seen = await first.next(finishedFor('gpt'));
    first.close();

    // While disconnected: a request and a config change.
    await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'while away' }] });
    const config = (await a.admin.call<{ text: string }>('GET', '/config')).body;
    await a.admin.call('PUT', '/config', { text: `${config.text}\n# touched\n` });

    const second = await openEvents(eventsUrl, { authorization: `Bearer ${a.admin.token}`, 'last-event-id': String(seen.id) });
    const missed = await second.next(finishedFor('claude'));
    const applied = await second.next((frame) => frame.data?.type === 'config.applied');
    expect(missed.id).toBeGreaterThan(seen.id ?? Infinity);
    expect(applied.id).toBeGreaterThan(missed.id ?? Infinity);
    // Nothing at or before the Last-Event-ID comes again.
    expect(second.frames.filter((frame) => frame.id !== undefined && frame.id <= (seen.id ?? 0))).toEqual([]);
    second.close();
  });

  it('sends keep-alive comments and unsubscribes when the client goes away', async () => {
    // Streams closed by the earlier tests have been let go.
    await eventually(() => expect(a.h.gateway.events.listenerCount).toBe(0));
    const before = a.h.gateway.events.listenerCount;
    const stream = await openEvents(eventsUrl, { authorization: `Bearer ${a.admin.token}` });
    await stream.next((frame) => frame.retry === 2000);
    expect(a.h.gateway.events.listenerCount).toBe(before + 1);
    if (!a.wired) await stream.next((frame) => frame.comment === 'keep-alive');
    stream.close();
    await eventually(() => expect(a.h.gateway.events.listenerCount).toBe(before));
  });
});
