/** Builds LogRecords for tests: a complete, plausible row with any field overridden. */
import type { LogRecord } from './log-types';

let counter = 0;

export function makeLogRecord(overrides: Partial<LogRecord> = {}): LogRecord {
  counter += 1;
  return {
    id: `req_${String(counter).padStart(6, '0')}`,
    ts: Date.UTC(2025, 5, 1, 12, 0, 0) + counter,
    keyId: 'key_alice',
    endpoint: 'chat',
    alias: 'workhorse',
    route: 'workhorse',
    provider: 'openai',
    model: 'gpt-4o-mini',
    status: 200,
    stream: false,
    latencyMs: 420,
    ttftMs: null,
    inputTokens: 100,
    outputTokens: 20,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costUsd: 0.001,
    cache: null,
    savedUsd: 0,
    errorCode: null,
    errorMessage: null,
    attempts: [{ provider: 'openai', model: 'gpt-4o-mini', status: 200, latencyMs: 400, outcome: 'ok' }],
    user: null,
    metadata: null,
    piiFindings: null,
    requestBody: null,
    responseBody: null,
    client: 'OpenAI/JS 6.1.0',
    overheadMs: 0.42,
    requestHeaders: null,
    team: null,
    ...overrides,
  };
}
