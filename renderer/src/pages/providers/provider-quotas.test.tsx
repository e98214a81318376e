import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ProviderDto } from '../../api/contract';
import { FakeGatewayClient } from '../../testing/fake-gateway-client';
import { renderWithStore } from '../../testing/render';
import { ProviderQuotas } from './provider-quotas';
import { ProvidersPage } from './providers-page';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('provider rate limits', () => {
  it('shows what is left of each window, per model, with a meter of what is used when the size is known', () => {
    render(
      <ProviderQuotas
        provider="anthropic"
        now={NOW}
        quotas={[
          {
            model: 'claude-sonnet-4-5',
            seenAt: NOW - 5 * 60_000,
            windows: { requests: { limit: 50, remaining: 0, resetAt: NOW + 30_000 }, output_tokens: { limit: null, remaining: 1200, resetAt: null } },
          },
        ]}
      />,
    );
    const section = screen.getByRole('region', { name: 'Rate limits of anthropic' });
    expect(section.textContent).toContain('claude-sonnet-4-5');
    expect(section.textContent).toContain('5 min ago');
    const meters = within(section).getAllByRole('meter');
    expect(meters).toHaveLength(1);
    expect(meters[0]?.getAttribute('aria-valuenow')).toBe('50');
    expect(meters[0]?.getAttribute('data-level')).toBe('bad');
    expect(meters[0]?.getAttribute('aria-valuetext')).toBe('0 of 50 requests left, refills in a moment');
    expect(section.textContent).toContain('1,200 output tokens left');
  });

  it('appears on the Providers page for a provider whose answers carried rate limits, and not for others', async () => {
    const fake = new FakeGatewayClient();
    const openai: ProviderDto = {
      name: 'openai',
      config: { type: 'openai' },
      baseUrl: 'https://api.openai.com/v1',
      credential: null,
      quotas: [{ model: 'gpt-4o-mini', seenAt: Date.now(), windows: { tokens: { limit: 200_000, remaining: 150_000, resetAt: null } } }],
    };
    fake.providers = [openai, { name: 'local', config: { type: 'openai-compatible' }, baseUrl: 'http://127.0.0.1:11434/v1', credential: null }];
    renderWithStore(<ProvidersPage param={null} />, fake);
    const meter = await screen.findByRole('meter', { name: 'gpt-4o-mini tokens used' });
    expect(meter.getAttribute('aria-valuetext')).toBe('150,000 of 200,000 tokens left');
    expect(screen.queryByRole('region', { name: 'Rate limits of local' })).toBeNull();
  });
});
