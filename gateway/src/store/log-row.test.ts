import { describe, expect, it } from 'vitest';
import { makeLogRecord } from './log-record.fixture';
import type { AttemptRecord } from './log-types';
import { attemptsJson, fromRow, logColumns, toRowValues, type LogRow } from './log-row';

/** The row SQLite would hold after binding the values to `logColumns` in order. */
function bound(values: readonly unknown[]): LogRow {
  return Object.fromEntries(logColumns.map((column, i) => [column, values[i]])) as unknown as LogRow;
}

describe('toRowValues', () => {
  it('puts every field in its own column, so the row reads back as the same record', () => {
    // Every field distinct from every other, so two swapped columns cannot go unnoticed.
    const record = makeLogRecord({
      id: 'req_columns',
      ts: 1_700_000_000_001,
      keyId: 'key_k',
      endpoint: 'messages',
      alias: 'alias_a',
      route: 'route_r',
      provider: 'provider_p',
      model: 'model_m',
      status: 201,
      stream: true,
      latencyMs: 2.5,
      ttftMs: 3.5,
      inputTokens: 4,
      outputTokens: 5,
      cachedTokens: 6,
      cacheWriteTokens: 7,
      reasoningTokens: 8,
      costUsd: 9.25,
      cache: 'hit',
      savedUsd: 10.25,
      errorCode: 'code_c',
      errorMessage: 'message_m',
      attempts: [{ provider: 'provider_p', model: 'model_m', status: 201, latencyMs: 11, outcome: 'ok' }],
      user: 'user_u',
      metadata: { team: 'core' },
      piiFindings: { email: 2 },
      requestBody: '{"request":true}',
      responseBody: '{"response":true}',
    });
    const values = toRowValues(record);
    expect(values).toHaveLength(logColumns.length);
    expect(fromRow(bound(values))).toEqual(record);
  });

  it('throws a TypeError for metadata JSON cannot hold, so the writer drops just that row', () => {
    expect(() => toRowValues(makeLogRecord({ metadata: { big: 1n } as unknown as Record<string, string> }))).toThrow(TypeError);
  });
});

describe('attemptsJson', () => {
  it('writes what JSON.stringify would mean: every attempt, error only when set, numbers JSON cannot hold as null', () => {
    const attempts: AttemptRecord[] = [
      { provider: 'openai', model: 'gpt-4o', status: 429, latencyMs: 12.34, outcome: 'retry', error: 'Rate limited: "slow down"\n\u2028 ok' },
      { provider: 'p\\"q', model: 'm\u0000', status: null, latencyMs: 0, outcome: 'skipped', error: 'circuit open' },
      { provider: 'anthropic', model: 'claude', status: 200, latencyMs: Number.NaN, outcome: 'ok' },
      { provider: 'x', model: 'y', status: 200, latencyMs: 1e21, outcome: 'ok' },
    ];
    const text = attemptsJson(attempts);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(attempts)));
    expect(JSON.parse(text)[2]).not.toHaveProperty('error');
    expect(attemptsJson([])).toBe('[]');
  });
});
