import { describe, expect, it } from 'vitest';
import { estimateTextTokens } from '../../canonical/estimate-tokens';
import { parseFimRequest } from './fim-request';

describe('parseFimRequest', () => {
  it('counts the prompt and the suffix as prompt tokens, and reads max_tokens and the stream flag', () => {
    const request = parseFimRequest({ model: 'codestral-latest', prompt: 'def fib(n):', suffix: 'return a', max_tokens: 64, stream: true, min_tokens: 1, random_seed: 7 });
    expect(request).toEqual({ model: 'codestral-latest', stream: true, streamUsage: true, promptTokens: estimateTextTokens('def fib(n):') + estimateTextTokens('return a'), maxTokens: 64 });
  });

  it('leaves the output limit unset when the body sets none', () => {
    expect(parseFimRequest({ model: 'm', prompt: 'x' })).toMatchObject({ stream: false, streamUsage: false, maxTokens: undefined });
  });

  it('refuses a body without a string prompt or model, naming the field', () => {
    expect(() => parseFimRequest({ model: 'm' })).toThrow(expect.objectContaining({ param: 'prompt', status: 400 }));
    expect(() => parseFimRequest({ model: 'm', prompt: ['a', 'b'] })).toThrow(expect.objectContaining({ param: 'prompt' }));
    expect(() => parseFimRequest({ prompt: 'x' })).toThrow(expect.objectContaining({ param: 'model' }));
    expect(() => parseFimRequest({ model: 'm', prompt: 'x', suffix: 3 })).toThrow(expect.objectContaining({ param: 'suffix' }));
  });
});
