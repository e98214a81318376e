import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { LogRecord } from '../../gateway/src/store/log-types';
import { eventually, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
afterEach(() => vi.restoreAllMocks());

/** Raw HTTP, so the test sees exactly what came back and how the connection ended. */
async function chat(body: Record<string, unknown>) {
  const res = await request(`${h.gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sb-test-key' },
    body: JSON.stringify({ model: 'gpt', messages: [{ role: 'user', content: 'hi' }], ...body }),
  });
  return { status: res.statusCode, id: String(res.headers['x-switchboard-request-id']), text: await res.body.text() };
}

/** Every record the live listeners get, in order. */
function finished(): LogRecord[] {
  const records: LogRecord[] = [];
  onTestFinished(h.gateway.onRequest((record) => records.push(record)));
  return records;
}

describe('recording a served request cannot turn it into an error', () => {
  it('a listener that throws: the client keeps its answer and the request is logged once, as a success', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // Listeners run in order: this one sees every record, the next one throws once.
    const seen = finished();
    let thrown = false;
    onTestFinished(
      h.gateway.onRequest(() => {
        if (thrown) return;
        thrown = true;
        throw new Error('listener broke');
      }),
    );
    const res = await chat({});
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ choices: [{ message: { content: 'echo: hi' } }] });
    const row = await eventually(async () => {
      const stored = await h.gateway.logs.get(res.id);
      if (!stored) throw new Error('not logged yet');
      return stored;
    });
    expect(row).toMatchObject({ status: 200, errorCode: null });
    expect(seen.filter((record) => record.id === res.id).map((record) => record.status)).toEqual([200]);
    expect(reported).toHaveBeenCalledWith(expect.stringContaining(res.id), expect.any(Error));
  });

  it('a log store that fails once: the stream completes, the listeners still get the success, and no error row follows', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(h.gateway.logs, 'append').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    const seen = finished();
    const res = await chat({ stream: true });
    expect(res.status).toBe(200);
    expect(res.text).toContain('data: [DONE]');
    await eventually(() => expect(seen.filter((record) => record.id === res.id)).toHaveLength(1));
    expect(seen.find((record) => record.id === res.id)).toMatchObject({ status: 200, errorCode: null, stream: true });
    // The failed append lost that row; nothing was written in its place.
    await h.gateway.logs.flush();
    expect(await h.gateway.logs.get(res.id)).toBeUndefined();
  });
});

describe('what a caller chooses is bounded in its log row', () => {
  it('a megabyte model name, user or metadata value is cut, so one request cannot write megabytes into the log', async () => {
    const seen = finished();
    const huge = 'x'.repeat(1_000_000);
    expect((await chat({ model: huge })).status).toBe(404);
    expect((await chat({ user: huge, metadata: { [huge]: 'a', note: huge } })).status).toBe(200);
    await eventually(() => expect(seen).toHaveLength(2));
    for (const row of seen) expect(JSON.stringify(row).length).toBeLessThan(20_000);
    expect(seen[0]?.alias.startsWith('xxx')).toBe(true);
    expect(seen[1]?.user?.startsWith('xxx')).toBe(true);
    const stored = await h.gateway.logs.get(seen[0]?.id ?? '');
    expect(JSON.stringify(stored).length).toBeLessThan(20_000);
  });
});
