import { describe, expect, it } from 'vitest';
import { bodyKey, uncacheableCompletion } from './body-key';

const base = { endpoint: '/v1/completions', model: 'code', scope: 'global' };
const key = (body: Record<string, unknown>, extra: Partial<typeof base> & { namespace?: string; targets?: string } = {}) => bodyKey({ ...base, ...extra, body });

describe('bodyKey', () => {
  it('is one ask whatever the order of fields, null or absent options, streaming or user', () => {
    const ask = key({ prompt: 'a', suffix: 'b', max_tokens: 8 });
    expect(key({ max_tokens: 8, suffix: 'b', prompt: 'a', echo: null })).toBe(ask);
    expect(key({ prompt: 'a', suffix: 'b', max_tokens: 8, stream: true, stream_options: { include_usage: true }, user: 'ada', model: 'upstream-name' })).toBe(ask);
  });

  it('tells apart every field that changes the answer, the extras, endpoint, alias, scope, namespace and targets', () => {
    const ask = key({ prompt: 'a', suffix: 'b' });
    const others = [
      key({ prompt: 'a', suffix: 'c' }),
      key({ prompt: 'a', suffix: 'b', temperature: 0 }),
      key({ prompt: 'a', suffix: 'b', random_seed: 1 }),
      key({ prompt: 'a', suffix: 'b' }, { endpoint: '/v1/fim/completions' }),
      key({ prompt: 'a', suffix: 'b' }, { model: 'other' }),
      key({ prompt: 'a', suffix: 'b' }, { scope: 'key:k1' }),
      key({ prompt: 'a', suffix: 'b' }, { namespace: 'n' }),
      key({ prompt: 'a', suffix: 'b' }, { targets: 'openai/gpt-3.5-turbo-instruct' }),
      bodyKey({ ...base, body: { prompt: 'a', suffix: 'b' }, extras: [{ taskType: 'RETRIEVAL_QUERY' }] }),
    ];
    expect(new Set([ask, ...others]).size).toBe(others.length + 1);
  });
});

describe('uncacheableCompletion', () => {
  it('names what a single canonical answer would lose', () => {
    expect(uncacheableCompletion({ prompt: 'a', n: 2 })).toBe('n');
    expect(uncacheableCompletion({ prompt: 'a', best_of: 3 })).toBe('n');
    expect(uncacheableCompletion({ prompt: 'a', logprobs: 0 })).toBe('logprobs');
    expect(uncacheableCompletion({ prompt: ['a', 'b'] })).toBe('prompts');
    expect(uncacheableCompletion({ prompt: [[1, 2], [3]] })).toBe('prompts');
    expect(uncacheableCompletion({ prompt: [] })).toBe('prompts');
  });

  it('lets one completion of one prompt through', () => {
    expect(uncacheableCompletion({ prompt: 'a', n: 1, best_of: 1, logprobs: null })).toBeUndefined();
    expect(uncacheableCompletion({ prompt: ['a'] })).toBeUndefined();
    expect(uncacheableCompletion({ prompt: [1, 2, 3] })).toBeUndefined();
    expect(uncacheableCompletion({ prompt: [[1, 2, 3]] })).toBeUndefined();
  });
});
