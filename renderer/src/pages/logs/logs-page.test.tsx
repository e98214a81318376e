import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { FakeGatewayClient, logRow } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { NOW } from '../../testing/test-store';
import { LogsPage } from './logs-page';

describe('Logs page', () => {
  it('prepends live requests to the history and opens one with its attempts', async () => {
    const fake = new FakeGatewayClient();
    fake.logs = [logRow({ id: 'old', ts: NOW - 60_000 })];
    const view = renderWithStore(<LogsPage param={null} />, fake);
    await screen.findAllByTestId('log-row');
    act(() => view.state().live.connect());

    const failover = logRow({
      id: 'req_live',
      ts: NOW,
      latencyMs: 790.5,
      overheadMs: 0.38,
      requestHeaders: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' },
      team: 'ml',
      provider: 'openai',
      model: 'gpt-5.1',
      attempts: [
        { provider: 'anthropic', model: 'claude-sonnet-4-5', status: 503, latencyMs: 90, outcome: 'fallback', error: 'overloaded' },
        { provider: 'openai', model: 'gpt-5.1', status: 200, latencyMs: 700, outcome: 'ok' },
      ],
    });
    act(() => fake.emit({ type: 'request.finished', row: failover }));
    const rows = screen.getAllByTestId('log-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain('2 attempts');

    fake.logs.push(failover);
    view.rerender(<LogsPage param="req_live" />);
    const drawer = await screen.findByRole('dialog', { name: 'Request' });
    await waitFor(() => expect(within(drawer).getAllByRole('listitem', { name: /^Attempt/ })).toHaveLength(2));
    expect(within(drawer).getByText(/Bodies are not stored/)).toBeTruthy();
    expect(within(drawer).getByRole('table', { name: 'Response headers' }).textContent).toContain('x-switchboard-attempts2');
    // The gateway's own share of those 791 ms, to the hundredth of a millisecond.
    expect(within(drawer).getByText(/Switchboard's own 0\.38 ms/)).toBeTruthy();
    expect(within(drawer).getByRole('table', { name: 'Response headers' }).textContent).toContain('x-switchboard-overhead-ms0.38');
    expect(within(drawer).getByRole('table', { name: 'Request headers' }).textContent).toContain('anthropic-betainterleaved-thinking-2025-05-14');
    // The key's team when the call was made.
    expect(within(drawer).getByText('Team').nextElementSibling?.textContent).toBe('ml');
  });

  it('names the cache and the model that wrote the answer for a cache hit', async () => {
    const fake = new FakeGatewayClient();
    const hit = logRow({ id: 'req_hit', ts: NOW, provider: null, model: 'gpt-5.1', cache: 'hit', costUsd: 0, attempts: [] });
    fake.logs = [hit];
    renderWithStore(<LogsPage param="req_hit" />, fake);
    const [row] = await screen.findAllByTestId('log-row');
    expect(row?.textContent).toContain('cache/gpt-5.1');
    const drawer = await screen.findByRole('dialog', { name: 'Request' });
    await waitFor(() => expect(within(drawer).getByText('the cache (answer from gpt-5.1)')).toBeTruthy());
  });

  it('names the app each call came from, with its User-Agent in the detail', async () => {
    const fake = new FakeGatewayClient();
    fake.logs = [logRow({ id: 'req_cc', ts: NOW, client: 'claude-cli/2.0.14 (external, cli)' }), logRow({ id: 'req_anon', ts: NOW - 1, client: null })];
    renderWithStore(<LogsPage param="req_cc" />, fake);
    const [claude, anonymous] = await screen.findAllByTestId('log-row');
    expect(within(claude!).getByText('Claude Code')).toBeTruthy();
    expect(within(anonymous!).queryByText('Claude Code')).toBeNull();
    const drawer = await screen.findByRole('dialog', { name: 'Request' });
    await waitFor(() => expect(within(drawer).getByText('claude-cli/2.0.14 (external, cli)')).toBeTruthy());
  });

  it('names the gateway key a request came with, by the name it was given', async () => {
    const fake = new FakeGatewayClient();
    fake.keys = [{ id: 'key_7', name: 'ci-bot', prefix: 'sk-sb-ci…', createdAt: 1_000 }];
    fake.logs = [logRow({ id: 'req_ci', ts: NOW, keyId: 'key_7' })];
    renderWithStore(<LogsPage param="req_ci" />, fake);
    const drawer = await screen.findByRole('dialog', { name: 'Request' });
    await waitFor(() => expect(within(drawer).getByText('ci-bot')).toBeTruthy());
    expect(within(drawer).getByText('key_7')).toBeTruthy();
  });

  it('filters by gateway key, chosen by name', async () => {
    const fake = new FakeGatewayClient();
    fake.keys = [{ id: 'key_7', name: 'ci-bot', prefix: 'sk-sb-ci…', createdAt: 1_000 }];
    fake.logs = [logRow({ id: 'req_ci', ts: NOW, keyId: 'key_7' }), logRow({ id: 'req_other', ts: NOW - 1, keyId: null })];
    renderWithStore(<LogsPage param={null} />, fake);
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(2));
    const select = (await screen.findByLabelText('Gateway key')) as HTMLSelectElement;
    await waitFor(() => expect(within(select).getByText('ci-bot')).toBeTruthy());
    fireEvent.change(select, { target: { value: 'key_7' } });
    await waitFor(() => expect(fake.lastLogQuery).toMatchObject({ keyId: 'key_7' }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(1));
  });

  it('shows a designed empty state before any request', async () => {
    renderWithStore(<LogsPage param={null} />);
    expect(await screen.findByText('No requests yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Connect a tool' })).toBeTruthy();
  });

  it('sends a logged call again to another model and shows what served it, beside what it cost then', async () => {
    const fake = new FakeGatewayClient();
    fake.logs = [logRow({ id: 'req_body', ts: NOW, alias: 'gpt', latencyMs: 900, costUsd: 0.004, requestBody: '{"model":"gpt","messages":[{"role":"user","content":"hi"}]}', responseBody: '{}' })];
    fake.tryResult = { status: 200, text: 'echo: hi', error: null, requestId: 'req_new', route: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-5', attempts: [], latencyMs: 650, costUsd: 0.002 };
    fake.replayedText = 'Hi there!';
    renderWithStore(<LogsPage param="req_body" />, fake);
    const drawer = await screen.findByRole('dialog', { name: 'Request' });
    const model = (await within(drawer).findByLabelText('Model')) as HTMLInputElement;
    expect(model.value).toBe('gpt');
    fireEvent.change(model, { target: { value: 'claude' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Send again' }));
    const result = await within(drawer).findByTestId('try-result');
    expect(result.textContent).toContain('Served by anthropic/claude-sonnet-4-5');
    expect(within(result).getByLabelText('Response').textContent).toBe('echo: hi');
    const then = within(drawer).getByLabelText('Then');
    expect(within(then).getByLabelText('Answer then').textContent).toBe('Hi there!');
    expect(then.textContent).toContain('900 ms');
    expect(then.textContent).toContain('$0.004');
    expect(fake.replays).toEqual([{ id: 'req_body', model: 'claude' }]);
  });

  it('says how to make calls replayable when their bodies were not stored, and offers none for embeddings or completions', async () => {
    const fake = new FakeGatewayClient();
    const others = ['embeddings', 'completions', 'fim'] as const;
    fake.logs = [logRow({ id: 'req_plain', ts: NOW }), ...others.map((endpoint, i) => logRow({ id: `req_${endpoint}`, ts: NOW - 1 - i, endpoint, requestBody: '{"input":"x"}' }))];
    const plain = renderWithStore(<LogsPage param="req_plain" />, fake);
    expect(await within(await screen.findByRole('dialog', { name: 'Request' })).findByText(/once their bodies are stored/)).toBeTruthy();
    plain.unmount();
    for (const endpoint of others) {
      const view = renderWithStore(<LogsPage param={`req_${endpoint}`} />, fake);
      const drawer = await screen.findByRole('dialog', { name: 'Request' });
      // Its body is shown, so the drawer is whole: only the replay is left out.
      await within(drawer).findByLabelText('Request body');
      expect(within(drawer).queryByRole('heading', { name: 'Replay' })).toBeNull();
      view.unmount();
    }
  });
});
