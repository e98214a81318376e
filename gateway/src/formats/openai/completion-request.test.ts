import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from '../../canonical/estimate-tokens';
import { parseCompletionRequest } from './completion-request';

describe('parseCompletionRequest', () => {
  it('reserves OpenAI’s default 16 tokens of output when max_tokens is not given', () => {
    const request = parseCompletionRequest({ model: 'm', prompt: 'def fib(n):' });
    expect(request).toEqual({ model: 'm', stream: false, streamUsage: false, promptTokens: estimateTextTokens('def fib(n):'), maxTokens: 16 });
  });

  it('counts every completion asked for: prompts × max(n, best_of)', () => {
    expect(parseCompletionRequest({ model: 'm', prompt: ['a', 'b'], max_tokens: 100, n: 2, best_of: 3 }).maxTokens).toBe(600);
  });

  it('counts token prompts a token each, and the suffix as prompt', () => {
    expect(parseCompletionRequest({ model: 'm', prompt: [1, 2, 3] }).promptTokens).toBe(3);
    expect(parseCompletionRequest({ model: 'm', prompt: [[1, 2], [3]] }).promptTokens).toBe(3);
    expect(parseCompletionRequest({ model: 'm', prompt: 'x', suffix: 'return y' }).promptTokens).toBe(estimateTextTokens('x') + estimateTextTokens('return y'));
  });

  it('reads the stream flags and the user', () => {
    expect(parseCompletionRequest({ model: 'm', prompt: 'x', stream: true, stream_options: { include_usage: true }, user: 'u1' })).toMatchObject({ stream: true, streamUsage: true, user: 'u1' });
  });

  it('refuses a body without a prompt or with a prompt of another type, naming the field', () => {
    expect(() => parseCompletionRequest({ model: 'm' })).toThrow(expect.objectContaining({ param: 'prompt', status: 400 }));
    expect(() => parseCompletionRequest({ model: 'm', prompt: { text: 'x' } })).toThrow(expect.objectContaining({ param: 'prompt' }));
    expect(() => parseCompletionRequest({ prompt: 'x' })).toThrow(expect.objectContaining({ param: 'model' }));
  });
});
