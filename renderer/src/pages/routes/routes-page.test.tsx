import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TryResultDto } from '../../api/contract';
import { FakeGatewayClient } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { TryPanel } from './editor/try-panel';
import { RoutesPage } from './routes-page';

beforeAll(() => {
  // React Flow measures its container; happy-dom has no layout engine.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const failover: TryResultDto = {
  status: 200,
  text: 'Hello there, friend!',
  error: null,
  requestId: 'req_9',
  route: 'workhorse',
  provider: 'openai',
  model: 'gpt-5.1',
  attempts: [
    { provider: 'anthropic', model: 'claude-sonnet-4-5', status: 503, latencyMs: 120, error: 'overloaded', outcome: 'fallback' },
    { provider: 'openai', model: 'gpt-5.1', status: 200, latencyMs: 880, outcome: 'ok' },
  ],
  latencyMs: 1010,
  costUsd: 0.0031,
};

function gateway() {
  const fake = new FakeGatewayClient();
  fake.providers = [
    { name: 'anthropic', config: { type: 'anthropic' }, baseUrl: 'https://api.anthropic.com', credential: null },
    { name: 'openai', config: { type: 'openai' }, baseUrl: 'https://api.openai.com/v1', credential: null },
  ];
  fake.routes = { workhorse: { strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }, { provider: 'openai', model: 'gpt-5.1' }] } };
  fake.tryResult = failover;
  return fake;
}

describe('Try panel', () => {
  it('shows which target served the prompt, every attempt, latency and cost', () => {
    render(<TryPanel routeName="workhorse" dirty={false} running={false} result={failover} error={null} onRun={() => undefined} />);
    const result = screen.getByTestId('try-result');
    expect(result.textContent).toContain('Served by openai/gpt-5.1');
    expect(result.textContent).toContain('1.01 s');
    expect(result.textContent).toContain('$0.0031');
    const attempts = within(result).getAllByRole('listitem');
    expect(attempts.map((a) => a.getAttribute('aria-label'))).toEqual([
      'Attempt 1: anthropic/claude-sonnet-4-5, 503, 120 ms, failed, fell back',
      'Attempt 2: openai/gpt-5.1, 200, 880 ms, served the request',
    ]);
    expect(within(result).getByLabelText('Response').textContent).toBe('Hello there, friend!');
  });

  it('sends the prompt typed', () => {
    const sent: string[] = [];
    render(<TryPanel routeName="workhorse" dirty running={false} result={null} error={null} onRun={(prompt, options) => sent.push(`${prompt} ${JSON.stringify(options.metadata)}`)} />);
    expect(screen.getByText(/runs the saved version/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Prompt'), { target: { value: 'Ping?' } });
    fireEvent.change(screen.getByLabelText('Metadata'), { target: { value: 'tier=free, team = ml, junk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to workhorse' }));
    expect(sent).toEqual(['Ping? {"tier":"free","team":"ml"}']);
  });

  it('asks a wildcard route for a model name to send, as a client would, and sends nothing without one', () => {
    const sent: (string | undefined)[] = [];
    render(<TryPanel routeName="claude-*" dirty={false} running={false} result={null} error={null} onRun={(_prompt, options) => sent.push(options.model)} />);
    const send = screen.getByRole('button', { name: 'Send to claude-*' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect((screen.getByLabelText('Model name') as HTMLInputElement).placeholder).toBe('claude-…');
    fireEvent.change(screen.getByLabelText('Model name'), { target: { value: ' claude-sonnet-4-5-20250929 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to claude-sonnet-4-5-20250929' }));
    expect(sent).toEqual(['claude-sonnet-4-5-20250929']);
  });

  it('says so when another route served the name tried', () => {
    render(<TryPanel routeName="claude-*" dirty={false} running={false} result={{ ...failover, route: 'claude-sonnet-*' }} error={null} onRun={() => undefined} />);
    expect(screen.getByRole('status').textContent).toContain('Served by route claude-sonnet-*, not this one');
    cleanup();
    render(<TryPanel routeName="workhorse" dirty={false} running={false} result={failover} error={null} onRun={() => undefined} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('Routes page', () => {
  it('reorders a fallback with the keyboard-reachable buttons and saves it live', async () => {
    const fake = gateway();
    renderWithStore(<RoutesPage param="workhorse" />, fake);
    const list = await screen.findByRole('list', { name: 'Targets in order' });
    fireEvent.click(within(list).getByRole('button', { name: 'Move openai/gpt-5.1 up' }));
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent?.slice(0, 1))).toEqual(['1', '2']);
    expect(within(list).getAllByRole('listitem')[0]?.textContent).toContain('openai/gpt-5.1');

    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    await waitFor(() => expect(fake.routes.workhorse?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.1' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }]));
  });

  it('marks an invalid field inline and does not save', async () => {
    const fake = gateway();
    renderWithStore(<RoutesPage param="workhorse" />, fake);
    await screen.findByRole('list', { name: 'Targets in order' });
    fireEvent.click(screen.getByRole('button', { name: 'Add a provider model' }));
    const model = await screen.findByLabelText('Model');
    expect(model.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to the field (and shown on the graph node too).
    const described = (model.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain('Enter the provider’s model id');
    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    expect(await screen.findByText('Fix the problem marked on the route first')).toBeTruthy();
    expect(fake.routes.workhorse?.targets).toHaveLength(2);

    fireEvent.change(model, { target: { value: 'gpt-4o-mini' } });
    expect(screen.queryAllByText('Enter the provider’s model id')).toEqual([]);
  });

  it('warns when the open route changes elsewhere under unsaved edits, and saves over it only when asked', async () => {
    const fake = gateway();
    const { state } = renderWithStore(<RoutesPage param="workhorse" />, fake);
    const list = await screen.findByRole('list', { name: 'Targets in order' });
    fireEvent.click(within(list).getByRole('button', { name: 'Move openai/gpt-5.1 up' }));
    // A hand edit of the same route is applied meanwhile.
    fake.routes.workhorse = { strategy: 'fallback', targets: [{ provider: 'anthropic', model: 'claude-sonnet-4-5' }], retry: { attempts: 3 } };
    fake.configVersion += 1;
    await act(() => state().routes.refresh());
    expect(screen.getByRole('alert').textContent).toContain('“workhorse” was changed elsewhere');

    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    await waitFor(() => expect(state().routes.conflict).toBe(true));
    expect(fake.routes.workhorse?.retry).toEqual({ attempts: 3 });
    expect(within(list).getAllByRole('listitem')[0]?.textContent).toContain('openai/gpt-5.1');

    fireEvent.click(screen.getByRole('button', { name: 'Keep my edits' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save route' }));
    await waitFor(() => expect(fake.routes.workhorse?.targets).toEqual([{ provider: 'openai', model: 'gpt-5.1' }, { provider: 'anthropic', model: 'claude-sonnet-4-5' }]));
  });

  it('runs the try panel against the open route', async () => {
    renderWithStore(<RoutesPage param="workhorse" />, gateway());
    fireEvent.click(await screen.findByRole('button', { name: 'Send to workhorse' }));
    const result = await screen.findByTestId('try-result');
    expect(result.textContent).toContain('Served by openai/gpt-5.1');
  });

  it('tries a wildcard route with the model name typed, not the pattern', async () => {
    const fake = gateway();
    fake.routes['claude-*'] = { strategy: 'single', targets: [{ provider: 'anthropic', model: '*' }] };
    fake.tryResult = { ...failover, route: 'claude-*', provider: 'anthropic', model: 'claude-haiku-4-5', attempts: [] };
    renderWithStore(<RoutesPage param="claude-*" />, fake);
    fireEvent.change(await screen.findByLabelText('Model name'), { target: { value: 'claude-haiku-4-5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to claude-haiku-4-5' }));
    await screen.findByTestId('try-result');
    expect(fake.tries.map((t) => t.model)).toEqual(['claude-haiku-4-5']);
  });

  it("starts another route's Try panel empty: a name typed for one wildcard route is not sent to the next", async () => {
    const fake = gateway();
    fake.routes['claude-*'] = { strategy: 'single', targets: [{ provider: 'anthropic', model: '*' }] };
    fake.routes['gpt-*'] = { strategy: 'single', targets: [{ provider: 'openai', model: '*' }] };
    const view = renderWithStore(<RoutesPage param="claude-*" />, fake);
    fireEvent.change(await screen.findByLabelText('Model name'), { target: { value: 'claude-haiku-4-5' } });
    view.rerender(<RoutesPage param="gpt-*" />);
    await screen.findByRole('button', { name: 'Send to gpt-*' });
    expect((screen.getByLabelText('Model name') as HTMLInputElement).value).toBe('');
  });
});
