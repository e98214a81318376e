import { describe, expect, it } from 'vitest';
import { loggedRequestHeaders } from './logged-headers';

describe('loggedRequestHeaders', () => {
  it('keeps the headers that shape a call and nothing that can carry a credential', () => {
    const shaping = {
      'anthropic-version': '2023-06-01',
      'anthropic-beta': 'interleaved-thinking-2025-05-14',
      'x-switchboard-timeout': '30s',
      'x-switchboard-retries': '0',
      'cache-control': 'no-cache',
      'x-switchboard-cache-ttl': '10m',
      'x-switchboard-cache-namespace': 'evals',
    };
    const others = {
      authorization: 'Bearer sk-sb-secret',
      'x-api-key': 'sk-ant-secret',
      cookie: 'session=1',
      'user-agent': 'claude-cli/2.0',
      // Kept in the row's own metadata column.
      'x-switchboard-metadata': '{"team":"ml"}',
    };
    expect(loggedRequestHeaders({ ...others, ...shaping })).toEqual(shaping);
  });

  it('is null for a call that sent none of them, and cuts an overlong value', () => {
    expect(loggedRequestHeaders({ authorization: 'Bearer x', 'content-type': 'application/json' })).toBeNull();
    const long = loggedRequestHeaders({ 'anthropic-beta': 'b'.repeat(5000) });
    expect(long?.['anthropic-beta']).toHaveLength(1025);
  });
});
