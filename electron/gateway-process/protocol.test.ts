import { describe, expect, it } from 'vitest';
import { parseChildMessage, parseParentMessage } from './protocol';

const start = { type: 'start', options: { configPath: '/u/gateway/config.yaml', dataDir: '/u/gateway', allowedOrigins: ['app://switchboard'] } };

describe('messages from main', () => {
  it('accepts the four commands', () => {
    expect(parseParentMessage(start)).toEqual(start);
    expect(parseParentMessage({ ...start, options: { ...start.options, preferredPort: 4001 } })?.type).toBe('start');
    for (const type of ['pause', 'resume', 'shutdown']) expect(parseParentMessage({ type })).toEqual({ type });
  });

  it('refuses unknown commands, missing fields and smuggled extras', () => {
    expect(parseParentMessage({ type: 'eval', code: 'process.exit()' })).toBeUndefined();
    expect(parseParentMessage({ type: 'start', options: { dataDir: '/u' } })).toBeUndefined();
    expect(parseParentMessage({ type: 'pause', now: true })).toBeUndefined();
    expect(parseParentMessage({ ...start, options: { ...start.options, secrets: 'memory' } })).toBeUndefined();
    expect(parseParentMessage({ ...start, options: { ...start.options, preferredPort: 70_000 } })).toBeUndefined();
    expect(parseParentMessage('start')).toBeUndefined();
    expect(parseParentMessage(null)).toBeUndefined();
  });
});

describe('messages from the gateway process', () => {
  const ready = { type: 'ready', url: 'http://127.0.0.1:4001', port: 4001, adminToken: 'sbadm-x' };

  it('accepts state, stats, events and the flush reply', () => {
    expect(parseChildMessage(ready)).toEqual(ready);
    expect(parseChildMessage({ ...ready, type: 'paused' })?.type).toBe('paused');
    expect(parseChildMessage({ type: 'failed', message: 'config.yaml: routes.x: unknown provider' })?.type).toBe('failed');
    expect(parseChildMessage({ type: 'stats', stats: { day: '2025-11-24', requests: 3, costUsd: 0.12 } })?.type).toBe('stats');
    expect(parseChildMessage({ type: 'flushed' })).toEqual({ type: 'flushed' });
  });

  it('keeps the fields it knows of a forwarded event and drops the rest', () => {
    const breaker = { target: 'openai/gpt-4o', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 30_001, extra: 'new field' };
    const parsed = parseChildMessage({ type: 'event', event: { type: 'breaker.changed', breaker } });
    expect(parsed).toEqual({ type: 'event', event: { type: 'breaker.changed', breaker: { target: 'openai/gpt-4o', state: 'open', failures: 5, openedAt: 1, nextProbeAt: 30_001 } } });
  });

  it('forwards a refused config with its message only, capped', () => {
    const event = { type: 'config.rejected', message: 'line 5: routes.fast.targets.0.provider: unknown provider "opnai"', issues: [{ path: 'routes.fast', message: 'x' }] };
    expect(parseChildMessage({ type: 'event', event })).toEqual({ type: 'event', event: { type: 'config.rejected', message: event.message } });
    const long = parseChildMessage({ type: 'event', event: { type: 'config.rejected', message: 'x'.repeat(5_000) } });
    expect(long?.type === 'event' && long.event.type === 'config.rejected' ? long.event.message : '').toHaveLength(2_000);
  });

  it('refuses garbled messages', () => {
    expect(parseChildMessage({ ...ready, url: 'file:///etc/passwd' })).toBeUndefined();
    expect(parseChildMessage({ ...ready, port: -1 })).toBeUndefined();
    expect(parseChildMessage({ type: 'stats', stats: { day: 'today', requests: 1, costUsd: 0 } })).toBeUndefined();
    expect(parseChildMessage({ type: 'stats', stats: { day: '2025-11-24', requests: -1, costUsd: 0 } })).toBeUndefined();
    expect(parseChildMessage({ type: 'event', event: { type: 'request.finished', row: {} } })).toBeUndefined();
    expect(parseChildMessage({ type: 'ready' })).toBeUndefined();
  });
});
