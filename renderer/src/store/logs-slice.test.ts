import { describe, expect, it } from 'vitest';
import { FakeGatewayClient, logRow } from '../testing/fake-gateway-client';
import { NOW, testStore } from '../testing/test-store';

/** `count` rows a second apart, the newest at NOW. */
function history(count: number) {
  return Array.from({ length: count }, (_, i) => logRow({ id: `r${String(i).padStart(3, '0')}`, ts: NOW - (count - i) * 1000 }));
}

describe('logs slice', () => {
  it('loads the newest page and then older pages by cursor, without repeating rows', async () => {
    const { fake, state } = testStore();
    fake.logs = history(120);
    await state().logs.load();
    expect(state().logs.rows).toHaveLength(50);
    expect(state().logs.rows[0]?.id).toBe('r119');
    await state().logs.loadMore();
    await state().logs.loadMore();
    expect(state().logs.rows).toHaveLength(120);
    expect(new Set(state().logs.rows.map((r) => r.id)).size).toBe(120);
    expect(state().logs.nextCursor).toBeNull();
  });

  it('puts a live request on top, and does not show it twice when the next page also has it', async () => {
    const { fake, state } = testStore();
    fake.logs = history(60);
    await state().logs.load();
    const live = logRow({ id: 'live1', ts: NOW + 500 });
    state().live.connect();
    fake.emit({ type: 'request.finished', row: live });
    expect(state().logs.rows[0]?.id).toBe('live1');

    // The gateway has it now too; paging and reloading must not duplicate it.
    fake.logs.push(live);
    await state().logs.loadMore();
    expect(state().logs.rows.filter((r) => r.id === 'live1')).toHaveLength(1);
    // A replay after a reconnect (Last-Event-ID) is harmless too.
    fake.emit({ type: 'request.finished', row: live });
    expect(state().logs.rows.filter((r) => r.id === 'live1')).toHaveLength(1);
  });

  it('keeps live rows that arrive while the first page is loading', async () => {
    const { fake, state } = testStore();
    fake.logs = history(3);
    state().live.connect();
    const loading = state().logs.load();
    fake.emit({ type: 'request.finished', row: logRow({ id: 'during', ts: NOW + 1 }) });
    await loading;
    expect(state().logs.rows.map((r) => r.id)).toEqual(['during', 'r002', 'r001', 'r000']);
  });

  it('ignores live rows the filters exclude, and sends the filters to the gateway', async () => {
    const { fake, state } = testStore();
    state().live.connect();
    await state().logs.setFilters({ provider: 'anthropic' });
    expect(fake.lastLogQuery).toMatchObject({ provider: 'anthropic' });
    fake.emit({ type: 'request.finished', row: logRow({ id: 'o', ts: NOW, provider: 'openai' }) });
    fake.emit({ type: 'request.finished', row: logRow({ id: 'a', ts: NOW, provider: 'anthropic' }) });
    expect(state().logs.rows.map((r) => r.id)).toEqual(['a']);
  });

  it('holds live rows while paused and shows them on resume', async () => {
    const { fake, state } = testStore();
    state().live.connect();
    await state().logs.load();
    state().logs.setPaused(true);
    fake.emit({ type: 'request.finished', row: logRow({ id: 'n1', ts: NOW }) });
    expect(state().logs.rows).toEqual([]);
    expect(state().logs.buffered.map((r) => r.id)).toEqual(['n1']);
    state().logs.setPaused(false);
    expect(state().logs.rows.map((r) => r.id)).toEqual(['n1']);
    expect(state().logs.buffered).toEqual([]);
  });

  it('opens a request with what the list knows, then the full detail with bodies', async () => {
    const { fake, state } = testStore();
    fake.logs = [logRow({ id: 'q', ts: NOW })];
    await state().logs.load();
    fake.logs = [logRow({ id: 'q', ts: NOW, requestBody: '{"messages":[]}' })];
    const opening = state().logs.select('q');
    expect(state().logs.detail?.id).toBe('q');
    await opening;
    expect(state().logs.detail?.requestBody).toBe('{"messages":[]}');
    await state().logs.select(null);
    expect(state().logs.detail).toBeNull();
  });

  it('shows the gateway’s message when the log cannot be read', async () => {
    const fake = new FakeGatewayClient();
    const { state } = testStore(fake);
    const { GatewayApiError } = await import('../api/api-error');
    fake.failNext('queryLogs', new GatewayApiError(400, 'since: Expected number'));
    await state().logs.load();
    expect(state().logs.error).toBe('since: Expected number');
  });

  it('drops a replay answer that comes back after another call was opened', async () => {
    const { fake, state } = testStore();
    fake.logs = [logRow({ id: 'req_a', ts: NOW, requestBody: '{}' }), logRow({ id: 'req_b', ts: NOW - 1, requestBody: '{}' })];
    fake.tryResult = { status: 200, text: 'late', error: null, requestId: 'req_new', route: 'gpt', provider: 'openai', model: 'gpt-5.1', attempts: [], latencyMs: 5, costUsd: 0 };
    await state().logs.select('req_a');
    const pending = state().logs.runReplay('claude');
    await state().logs.select('req_b');
    await pending;
    expect(state().logs.replay).toEqual({ running: false, result: null, error: null });
    expect(fake.replays).toEqual([{ id: 'req_a', model: 'claude' }]);
    await state().logs.runReplay();
    expect(state().logs.replay.result?.text).toBe('late');
    expect(fake.replays.at(-1)).toEqual({ id: 'req_b', model: undefined });
  });
});
