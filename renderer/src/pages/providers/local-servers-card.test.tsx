import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LocalServerDto } from '../../api/contract';
import { FakeGatewayClient } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { modelsLine } from './local-servers-card';
import { ProvidersPage } from './providers-page';

const ollama: LocalServerDto = { preset: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: ['qwen2.5-coder:7b', 'llama3.2'], modelCount: 2, provider: null };
const lmstudio: LocalServerDto = { preset: 'lmstudio', label: 'LM Studio', baseUrl: 'http://127.0.0.1:1234/v1', models: ['a', 'b', 'c', 'd'], modelCount: 60, provider: null };

function gateway(servers: LocalServerDto[]): FakeGatewayClient {
  const fake = new FakeGatewayClient();
  fake.presets = [
    { id: 'ollama', label: 'Ollama', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', requiresKey: false, models: [] },
    { id: 'lmstudio', label: 'LM Studio', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:1234/v1', requiresKey: false, models: [] },
  ];
  fake.localServerList = servers;
  return fake;
}

describe('local model servers on the Providers page', () => {
  it('offers each server no provider points at, and adds it with its preset in one click', async () => {
    const fake = gateway([ollama, lmstudio]);
    fake.providers = [{ name: 'lmstudio', config: { type: 'openai-compatible', preset: 'lmstudio' }, baseUrl: 'http://127.0.0.1:1234/v1', credential: null }];
    renderWithStore(<ProvidersPage param={null} />, fake);
    const card = await screen.findByRole('region', { name: 'Running on this machine' });
    expect(within(card).getByText('Ollama')).toBeTruthy();
    expect(card.textContent).toContain('2 models: qwen2.5-coder:7b, llama3.2');
    expect(card.textContent).not.toContain('LM Studio');
    fireEvent.click(within(card).getByRole('button', { name: /Add Ollama/ }));
    await waitFor(() => expect(fake.providers.map((p) => [p.name, p.config])).toContainEqual(['ollama', { type: 'openai-compatible', preset: 'ollama' }]));
    // The server is the new provider's now: nothing left to offer.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Running on this machine' })).toBeNull());
  });

  it('shows nothing when no server is running here', async () => {
    renderWithStore(<ProvidersPage param={null} />, gateway([]));
    await screen.findByText('No providers yet');
    expect(screen.queryByRole('region', { name: 'Running on this machine' })).toBeNull();
  });

  it('says how many models a server has, naming the first few', () => {
    expect(modelsLine(lmstudio)).toBe('60 models: a, b, c and 57 more');
    expect(modelsLine({ ...ollama, models: ['one'], modelCount: 1 })).toBe('1 model: one');
    expect(modelsLine({ ...ollama, models: [], modelCount: 0 })).toBe('no models yet');
  });
});
