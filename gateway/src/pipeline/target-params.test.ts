import { describe, expect, it } from 'vitest';
import { targetParams } from './target-params';

describe('targetParams', () => {
  it("merges an object param into the caller's object of that name, forcing only what it names", () => {
    const body = { generationConfig: { temperature: 1.5, maxOutputTokens: 64 }, contents: [] };
    expect(targetParams({ generationConfig: { temperature: 0 }, seed: 7 }, body)).toEqual({ generationConfig: { temperature: 0, maxOutputTokens: 64 }, seed: 7 });
  });

  it('replaces an object of another kind, and anything that is not an object', () => {
    const body = { thinking: { type: 'enabled', budget_tokens: 4096 }, response_format: { type: 'json_schema', json_schema: {} }, stop: ['x'] };
    expect(targetParams({ thinking: { type: 'disabled' }, response_format: { type: 'json_object' }, stop: ['END'] }, body)).toEqual({
      thinking: { type: 'disabled' },
      response_format: { type: 'json_object' },
      stop: ['END'],
    });
    expect(targetParams({ metadata: null }, { metadata: { a: 1 } })).toEqual({ metadata: null });
  });

  it('merges into what the gateway set on the body too (the usage it asks a stream for)', () => {
    const sent = { stream_options: { include_usage: true } };
    expect(targetParams({ stream_options: { include_obfuscation: false } }, sent)).toEqual({ stream_options: { include_usage: true, include_obfuscation: false } });
  });
});
