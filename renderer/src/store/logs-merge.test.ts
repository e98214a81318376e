import { describe, expect, it } from 'vitest';
import { logRow } from '../testing/fake-gateway-client';
import { EMPTY_FILTERS, filtersToQuery, matchesFilters, mergeRows } from './logs-merge';

const NOW = 1_000_000_000;

describe('mergeRows', () => {
  it('keeps one row per request, newest first', () => {
    const a = logRow({ id: 'a', ts: 10 });
    const b = logRow({ id: 'b', ts: 20 });
    const c = logRow({ id: 'c', ts: 30 });
    expect(mergeRows([b, a], [c, b]).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('lets the incoming copy of a row win (a page may carry bodies the live event did not)', () => {
    const live = logRow({ id: 'a', ts: 10, requestBody: null });
    const paged = logRow({ id: 'a', ts: 10, requestBody: '{"model":"x"}' });
    expect(mergeRows([live], [paged])).toEqual([paged]);
  });

  it('orders rows with the same timestamp stably by id', () => {
    const rows = mergeRows([], [logRow({ id: 'a', ts: 5 }), logRow({ id: 'c', ts: 5 }), logRow({ id: 'b', ts: 5 })]);
    expect(rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('drops the oldest rows beyond the cap', () => {
    const rows = mergeRows([logRow({ id: 'old', ts: 1 })], [logRow({ id: 'new', ts: 2 })], 1);
    expect(rows.map((r) => r.id)).toEqual(['new']);
  });

  it('returns the same list when nothing arrives, so subscribers do not re-render', () => {
    const existing = [logRow({ id: 'a', ts: 1 })];
    expect(mergeRows(existing, [])).toBe(existing);
  });
});

describe('log filters', () => {
  it('builds the gateway query from the filters', () => {
    expect(filtersToQuery({ ...EMPTY_FILTERS, provider: ' openai ', status: 'error', text: 'timeout', range: '1h' }, NOW, 'cur')).toEqual({
      limit: 50,
      since: NOW - 3_600_000,
      provider: 'openai',
      status: 'error',
      text: 'timeout',
      cursor: 'cur',
    });
    expect(filtersToQuery({ ...EMPTY_FILTERS, status: '429', range: 'all' }, NOW)).toEqual({ limit: 50, status: 429 });
    expect(filtersToQuery({ ...EMPTY_FILTERS, keyId: 'key_7', range: 'all' }, NOW)).toEqual({ limit: 50, keyId: 'key_7' });
  });

  it('lets a live row in only when it matches, like the gateway’s query would', () => {
    const row = logRow({ id: 'x', ts: NOW, provider: 'anthropic', status: 502, errorMessage: 'Upstream timed out', model: 'claude' });
    expect(matchesFilters(row, EMPTY_FILTERS, NOW)).toBe(true);
    expect(matchesFilters(row, { ...EMPTY_FILTERS, provider: 'openai' }, NOW)).toBe(false);
    expect(matchesFilters(row, { ...EMPTY_FILTERS, status: 'ok' }, NOW)).toBe(false);
    expect(matchesFilters(row, { ...EMPTY_FILTERS, status: 'error' }, NOW)).toBe(true);
    expect(matchesFilters(row, { ...EMPTY_FILTERS, status: '502' }, NOW)).toBe(true);
    expect(matchesFilters(row, { ...EMPTY_FILTERS, text: 'TIMED' }, NOW)).toBe(true);
    expect(matchesFilters(row, { ...EMPTY_FILTERS, text: 'gpt' }, NOW)).toBe(false);
    expect(matchesFilters({ ...row, ts: NOW - 2 * 86_400_000 }, EMPTY_FILTERS, NOW)).toBe(false);
    expect(matchesFilters({ ...row, keyId: 'key_7' }, { ...EMPTY_FILTERS, keyId: 'key_7' }, NOW)).toBe(true);
    expect(matchesFilters({ ...row, keyId: 'key_8' }, { ...EMPTY_FILTERS, keyId: 'key_7' }, NOW)).toBe(false);
  });
});
