import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OverviewDto } from '../../api/contract';
import { ProviderHealthTable } from './provider-health';

const provider = (over: Partial<OverviewDto['providers'][number]> & { name: string }): OverviewDto['providers'][number] => ({ requests: 10, errors: 0, errorRate: 0, p50Ms: 420, breaker: 'closed', ...over });

describe('provider health', () => {
  it("names a provider's rate limit running out, and says when it is spent", () => {
    render(
      <ProviderHealthTable
        providers={[
          provider({ name: 'openai', quotaLow: { model: 'gpt-4o', window: 'tokens', remaining: 9000, limit: 200_000, resetAt: null } }),
          provider({ name: 'anthropic', breaker: 'open', quotaLow: { model: 'claude-sonnet-4-5', window: 'requests', remaining: 0, limit: 50, resetAt: Date.now() + 10_000 } }),
          provider({ name: 'gemini' }),
        ]}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByRole('status').textContent).toBe('9,000 of 200,000 tokens left for gpt-4o');
    const spent = within(rows[1]!).getByRole('status');
    expect(spent.textContent).toBe('0 of 50 requests left for claude-sonnet-4-5, refills in a moment');
    expect(spent.className).toContain('quota-out');
    expect(within(rows[1]!).getByText('Circuit open')).toBeTruthy();
    expect(within(rows[2]!).queryByRole('status')).toBeNull();
  });
});
