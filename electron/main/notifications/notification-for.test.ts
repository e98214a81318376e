import { describe, expect, it } from 'vitest';
import { notificationFor } from './notification-for';

const now = Date.parse('2025-11-24T12:00:00Z');
const budget = { scope: 'global', period: 'month' as const, limitUsd: 100, spentUsd: 80.5, resetsAt: now + 6 * 86_400_000, alertAt: 0.8 };

describe('budget notifications', () => {
  it('warns when a budget crosses its alert threshold', () => {
    expect(notificationFor({ type: 'budget.alert', budget, threshold: 0.8 }, now)).toEqual({
      key: `budget:global:month:${budget.resetsAt}:alert`,
      minIntervalMs: 3_600_000,
      title: 'Overall monthly budget 80% used',
      body: '$80.50 of $100.00 spent. It resets in 144 h.',
    });
  });

  it('says so plainly when a budget is used up', () => {
    const n = notificationFor({ type: 'budget.alert', budget: { ...budget, scope: 'key:ci-bot', period: 'day', spentUsd: 10, limitUsd: 10, resetsAt: now + 30 * 60_000 }, threshold: 1 }, now);
    expect(n?.title).toBe('key:ci-bot daily budget used up');
    expect(n?.body).toBe('$10.00 of $10.00 spent. Requests it covers are refused until it resets in 30 min.');
    expect(n?.key).toBe(`budget:key:ci-bot:day:${now + 30 * 60_000}:exhausted`);
  });

  it('names an hourly budget, and tells its hours apart so each is announced', () => {
    const hourly = { ...budget, scope: 'key:agent', period: 'hour' as const, spentUsd: 2, limitUsd: 2, resetsAt: now + 10 * 60_000 };
    const first = notificationFor({ type: 'budget.alert', budget: hourly, threshold: 1 }, now);
    expect(first?.title).toBe('key:agent hourly budget used up');
    const next = notificationFor({ type: 'budget.alert', budget: { ...hourly, resetsAt: hourly.resetsAt + 3_600_000 }, threshold: 1 }, now + 3_600_000);
    expect(next?.key).not.toBe(first?.key);
  });
});

describe('circuit breaker notifications', () => {
  it('tells the user when a provider’s breaker opens and when it will be tried again', () => {
    const n = notificationFor({ type: 'breaker.changed', breaker: { target: 'anthropic/claude-sonnet-4-5', state: 'open', failures: 5, openedAt: now, nextProbeAt: now + 30_000 } }, now);
    expect(n).toEqual({
      key: 'breaker:anthropic/claude-sonnet-4-5',
      minIntervalMs: 600_000,
      title: 'anthropic/claude-sonnet-4-5 is failing',
      body: 'It failed 5 times in a row, so routes skip it for now and use their fallbacks. It will be tried again in 30 s.',
    });
  });

  it('stays quiet when a breaker closes or half-opens', () => {
    for (const state of ['closed', 'half-open'] as const) {
      expect(notificationFor({ type: 'breaker.changed', breaker: { target: 'openai/gpt-4o', state, failures: 0, openedAt: null, nextProbeAt: null } }, now)).toBeNull();
    }
  });
});

describe('config notifications', () => {
  it('says a hand edit was refused and why, once per mistake', () => {
    const message = 'line 5: routes.fast.targets.0.provider: unknown provider "opnai" — did you mean "openai"?';
    expect(notificationFor({ type: 'config.rejected', message }, now)).toEqual({
      key: `config.rejected:${message}`,
      minIntervalMs: 600_000,
      title: 'Config file refused; the last good config keeps serving',
      body: message,
    });
    expect(notificationFor({ type: 'config.rejected', message: 'line 2: routes: expected a mapping' }, now)?.key).not.toBe(`config.rejected:${message}`);
  });
});

describe('gateway failure notifications', () => {
  it('carries the reason, shortened', () => {
    expect(notificationFor({ type: 'gateway.failed', message: 'The gateway could not start: config.yaml line 4: unknown provider "opnai"' }, now)).toMatchObject({
      title: 'Switchboard’s gateway is not running',
      body: 'The gateway could not start: config.yaml line 4: unknown provider "opnai"',
    });
    expect(notificationFor({ type: 'gateway.failed', message: 'x'.repeat(1000) }, now)?.body).toHaveLength(240);
  });
});
