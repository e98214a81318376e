import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors/gateway-error';
import { ForeignRequests } from './foreign-requests';

const refusal = (code: string): GatewayError => new GatewayError('permission', 'refused', { code, status: 403 });
const withHeaders = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('ForeignRequests', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes one line at once, then at most one a minute counting the rest', () => {
    const lines: string[] = [];
    const foreign = new ForeignRequests((line) => lines.push(line));
    for (let i = 0; i < 500; i += 1) foreign.note(withHeaders({ host: 'rebound.example' }), refusal('host_not_allowed'));
    expect(lines).toEqual([expect.stringContaining('foreign Host "rebound.example"')]);
    vi.advanceTimersByTime(60_000);
    expect(lines[1]).toContain('refused 499 more requests');
    // A quiet minute writes nothing, and the next refusal is reported at once again.
    vi.advanceTimersByTime(120_000);
    expect(lines).toHaveLength(2);
    foreign.note(withHeaders({ host: 'x', origin: 'https://evil.example' }), refusal('origin_not_allowed'));
    expect(lines[2]).toContain('foreign Origin "https://evil.example"');
    expect(foreign.snapshot()).toMatchObject({ host: 500, origin: 1, last: { reason: 'origin', value: 'https://evil.example' } });
    foreign.close();
  });

  it('counts only foreign Host and Origin refusals, and keeps no control character or long name', () => {
    const lines: string[] = [];
    const foreign = new ForeignRequests((line) => lines.push(line));
    foreign.note(withHeaders({}), refusal('host_missing'));
    expect(foreign.snapshot()).toEqual({ host: 0, origin: 0, last: null });
    foreign.note(withHeaders({ host: `evil\x1b[31m\x9b${'a'.repeat(300)}` }), refusal('host_not_allowed'));
    const value = foreign.snapshot().last?.value ?? '';
    expect(value).toMatch(/^evil\?\[31m\?a+…$/);
    expect(value.length).toBe(101);
    expect(lines.join('')).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    foreign.close();
  });
});
